package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.events.BuildkiteEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Remembers, per repository, commit and context, the newest build whose status was posted, so that an older or
 * redelivered event never overwrites a newer status. Bounded: the least recently used keys are forgotten.
 */
final class PostedStatusLedger {

    /** Where a build is in its life: a later stage of the same build supersedes an earlier one. */
    private static final Set<String> ENDED = Set.of("passed", "failed", "canceled", "finished", "skipped", "not_run",
            "waiting_failed");
    private static final int LOCK_STRIPES = 256;

    /** A build and how far along it was; compares by build number, then stage. */
    record Version(long buildNumber, int stage) implements Comparable<Version> {

        static Version of(BuildkiteEvent event) {
            int stage = ENDED.contains(event.state()) ? 2 : event.state().equals("blocked") ? 1 : 0;
            return new Version(event.buildNumber(), stage);
        }

        @Override
        public int compareTo(Version other) {
            int byNumber = Long.compare(buildNumber, other.buildNumber);
            return byNumber != 0 ? byNumber : Integer.compare(stage, other.stage);
        }
    }

    private final Map<String, Version> posted;
    private final Object[] locks = new Object[LOCK_STRIPES];

    PostedStatusLedger(int capacity) {
        posted = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Version> eldest) {
                return size() > capacity;
            }
        };
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** Held while checking and posting a key, so two passes never race on the same status. */
    Object lockFor(String key) {
        return locks[Math.floorMod(key.hashCode(), LOCK_STRIPES)];
    }

    synchronized Version posted(String key) {
        return posted.get(key);
    }

    synchronized void recordPosted(String key, Version version) {
        posted.merge(key, version, (known, candidate) -> candidate.compareTo(known) > 0 ? candidate : known);
    }
}
