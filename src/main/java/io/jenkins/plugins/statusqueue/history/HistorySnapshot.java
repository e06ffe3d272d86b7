package io.jenkins.plugins.statusqueue.history;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A consistent copy of the history for a page or the JSON API.
 *
 * @param passes   recent passes, newest first
 * @param messages recent message outcomes, newest first
 * @param totals   messages per outcome since the history began
 * @param passCount passes since the history began, not counting those that found the queue empty
 * @param lastEmptyPass when a pass last found the queue empty, or {@code null} (since Jenkins started)
 * @param emptyPasses   passes that found the queue empty since the last pass in {@code passes}
 */
public record HistorySnapshot(List<PassRecord> passes, List<MessageRecord> messages, Map<Outcome, Long> totals,
        long passCount, Instant lastEmptyPass, long emptyPasses) {

    public long total(Outcome outcome) {
        return totals.getOrDefault(outcome, 0L);
    }
}
