package io.jenkins.plugins.statusqueue.health;

import io.jenkins.plugins.statusqueue.drain.DrainService;
import io.jenkins.plugins.statusqueue.history.ErrorCategory;
import io.jenkins.plugins.statusqueue.history.HistorySummary;
import io.jenkins.plugins.statusqueue.history.PassRecord;
import io.jenkins.plugins.statusqueue.history.Times;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The conditions that raise the administrative monitor, as plain logic over what the drain, the history, the
 * dead-letter queue and the trigger pollers report.
 */
public final class HealthCheck {

    /** How long draining may go without a successful pass, and a poller fail, before an administrator hears of it. */
    public static final Duration STALL = Duration.ofMinutes(15);

    private HealthCheck() {
    }

    /**
     * What the monitor looks at.
     *
     * @param enabled        whether draining is switched on
     * @param idleReason     why no pass runs, or {@code null}
     * @param history        the history at a glance
     * @param watchingSince  when the drain started: before that no pass could succeed
     * @param journalProblem why the posted-status journal cannot be written, or {@code null}
     * @param deadLetters    the last look at the dead-letter queue, or {@code null} before the first
     * @param pollers        the trigger queues' pollers
     * @param now            the time of the check
     */
    public record Inputs(boolean enabled, String idleReason, HistorySummary history, Instant watchingSince,
            String journalProblem, DeadLetterReading deadLetters, List<PollerState> pollers, Instant now) {
    }

    /**
     * A trigger queue's poller.
     *
     * @param id           the trigger queue's id
     * @param name         its name
     * @param failingSince since when its polls have failed without a break, or {@code null}
     * @param lastError    its last error, or {@code null}
     */
    public record PollerState(String id, String name, Instant failingSince, String lastError) {
    }

    public static List<Problem> problems(Inputs in) {
        List<Problem> problems = new ArrayList<>();
        if (in.enabled()) {
            Instant since = in.history().lastSuccess();
            if (since == null || since.isBefore(in.watchingSince())) {
                since = in.watchingSince();
            }
            if (!since.plus(STALL).isAfter(in.now())) {
                PassRecord last = in.history().lastPass();
                String why = in.idleReason() != null ? in.idleReason()
                        : last != null && last.failed() ? last.error() : null;
                problems.add(new Problem(Problem.Kind.DRAIN_STALLED, "No drain pass has succeeded for "
                        + Times.words(Duration.between(since, in.now())) + (why == null ? "." : ": " + category(why)),
                        why));
            }
            PassRecord last = in.history().lastPass();
            if (last != null && last.failed() && last.error().contains(DrainService.TOKEN_REFUSED)
                    && (in.history().lastEmptyPass() == null || last.started().isAfter(in.history().lastEmptyPass()))) {
                problems.add(new Problem(Problem.Kind.TOKEN_REFUSED, "Drain passes stop early because GitHub Enterprise "
                        + "refuses the token; messages stay in the queue and may reach the dead-letter queue.",
                        last.error()));
            }
        }
        if (in.journalProblem() != null) {
            problems.add(new Problem(Problem.Kind.JOURNAL_UNWRITABLE, "The posted-status journal cannot be written: "
                    + "posted messages stay in the queue until it can.", in.journalProblem()));
        }
        DeadLetterReading dead = in.deadLetters();
        if (dead != null && dead.queue() != null && dead.queue().approximateDepth() > 0) {
            problems.add(new Problem(Problem.Kind.DEAD_LETTERS, String.format(Locale.ENGLISH,
                    "The dead-letter queue holds about %,d messages whose statuses were never posted.",
                    dead.queue().approximateDepth()), null));
        }
        for (PollerState poller : in.pollers()) {
            if (poller.failingSince() != null && !poller.failingSince().plus(STALL).isAfter(in.now())) {
                problems.add(new Problem(Problem.Kind.TRIGGER_POLLER_FAILING, "Trigger queue " + poller.name() + " ("
                        + poller.id() + ") has failed to poll for "
                        + Times.words(Duration.between(poller.failingSince(), in.now())) + ".", poller.lastError()));
            }
        }
        return problems;
    }

    private static String category(String error) {
        return ErrorCategory.of(error).text();
    }
}
