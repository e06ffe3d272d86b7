package io.jenkins.plugins.statusqueue.history;

import java.time.Instant;
import java.util.Map;

/**
 * The history at a glance, without its lists: what the status page's header and the administrative monitor read.
 *
 * @param totals        messages per outcome since the history began
 * @param passCount     passes since the history began, not counting those that found the queue empty
 * @param lastPass      the newest recorded pass, or {@code null}
 * @param lastSuccess   when a pass last ended without error (an empty one counts), or {@code null}
 * @param lastEmptyPass when a pass last found the queue empty, or {@code null} (since Jenkins started)
 * @param emptyPasses   passes that found the queue empty since the newest recorded pass
 * @param messagesKept  messages the history holds now
 * @param maxMessages   the most messages it keeps
 * @param maxPasses     the most passes it keeps
 */
public record HistorySummary(Map<Outcome, Long> totals, long passCount, PassRecord lastPass, Instant lastSuccess,
        Instant lastEmptyPass, long emptyPasses, int messagesKept, int maxMessages, int maxPasses) {

    public long total(Outcome outcome) {
        return totals.getOrDefault(outcome, 0L);
    }
}
