package io.jenkins.plugins.statusqueue.history;

import io.jenkins.plugins.statusqueue.drain.Outcome;
import java.util.List;
import java.util.Map;

/**
 * A consistent copy of the history for a page or the JSON API.
 *
 * @param passes   recent passes, newest first
 * @param messages recent message outcomes, newest first
 * @param totals   messages per outcome since the history began
 * @param passCount passes since the history began
 */
public record HistorySnapshot(List<PassRecord> passes, List<MessageRecord> messages, Map<Outcome, Long> totals,
        long passCount) {

    public long total(Outcome outcome) {
        return totals.getOrDefault(outcome, 0L);
    }
}
