package io.jenkins.plugins.statusqueue.health;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * Since when each of several things (trigger queues, by id) has been failing without a break, from what is observed
 * of them now and then: the pollers report their last error, not since when it lasts. Thread-safe.
 */
public final class FailureClock {

    private final Map<String, Instant> failingSince = new HashMap<>();

    /**
     * Notes whether {@code key} fails now.
     *
     * @return since when it has been failing, or {@code null} when it does not fail
     */
    public synchronized Instant observe(String key, boolean failing, Instant now) {
        if (!failing) {
            failingSince.remove(key);
            return null;
        }
        return failingSince.computeIfAbsent(key, k -> now);
    }

    /** Forgets what is no longer there (a trigger queue removed), so the map stays as small as what is watched. */
    public synchronized void retain(Set<String> keys) {
        failingSince.keySet().retainAll(keys);
    }
}
