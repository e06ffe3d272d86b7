package io.jenkins.plugins.statusqueue.history;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

/**
 * One drain pass.
 *
 * @param started  when the pass began
 * @param duration how long it took
 * @param received messages received
 * @param outcomes how many messages ended in each outcome
 * @param deleted  messages deleted from the queue
 * @param error    why the pass stopped early (queue unreachable, token refused, rate limit), or {@code null}
 */
public record PassRecord(Instant started, Duration duration, int received, Map<Outcome, Integer> outcomes,
        int deleted, String error) {

    public PassRecord {
        EnumMap<Outcome, Integer> copy = new EnumMap<>(Outcome.class);
        copy.putAll(outcomes);
        outcomes = java.util.Collections.unmodifiableMap(copy);
    }

    public int count(Outcome outcome) {
        return outcomes.getOrDefault(outcome, 0);
    }

    public boolean failed() {
        return error != null;
    }

    /** The idle case: the pass found the queue empty and nothing went wrong; it is neither logged nor saved. */
    public boolean foundQueueEmpty() {
        return received == 0 && !failed();
    }
}
