package io.jenkins.plugins.statusqueue.events;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The job a Buildkite job event ("Job Finished", "Job Started") is about: one run of one step of a build. A retried
 * job is a new job, with a new id, of the same step.
 *
 * @param id            the job's UUID: its anchor on the build page
 * @param type          {@code script} (a command step), {@code trigger}, {@code waiter}, {@code manual} (block and
 *                      input steps)
 * @param label         the step's label as written, emoji codes included; may be {@code null}
 * @param stepKey       the step's {@code key}; may be {@code null}
 * @param state         the job's state: {@code finished}, {@code running}, {@code canceled}, {@code timed_out}, ...
 * @param passed        whether a finished job passed
 * @param softFailed    whether it failed but its step allows that ({@code soft_fail})
 * @param exitStatus    the command's exit status; may be {@code null}
 * @param startedAt     when it started; may be {@code null}
 * @param finishedAt    when it finished; may be {@code null}
 * @param parallelIndex its index among the parallel jobs of its step, from 0; {@code null} when not parallel
 * @param parallelTotal how many parallel jobs its step has; {@code null} when not parallel
 */
public record StepJob(String id, String type, String label, String stepKey, String state, boolean passed,
        boolean softFailed, Integer exitStatus, Instant startedAt, Instant finishedAt, Integer parallelIndex,
        Integer parallelTotal) {

    /** Command steps and trigger steps: the only ones that run something whose result a commit can carry. */
    public static final Set<String> STATUS_TYPES = Set.of("script", "trigger");

    /** What a job's state comes to, for the step state mapping; a finished job passed, failed or soft-failed. */
    public static final Set<String> OUTCOMES = Set.of("passed", "failed", "soft_failed", "canceled", "timed_out",
            "expired", "skipped", "broken", "not_run", "running", "scheduled");

    /**
     * The job states Buildkite documents (its GraphQL {@code JobStates}) or publishes (its EventBridge samples: a Job
     * Started event carries {@code started}); a state not among them is one Buildkite added later, and gets no
     * status until the plugin knows what it means.
     */
    static final Set<String> KNOWN_STATES = Set.of("pending", "waiting", "waiting_failed", "blocked",
            "blocked_failed", "unblocked", "unblocked_failed", "limiting", "limited", "platform_limiting",
            "platform_limited", "scheduled", "assigned", "accepted", "reserved", "started", "running", "finished",
            "canceling", "canceled", "expired", "timing_out", "timed_out", "skipped", "broken", "not_run");
    /** The outcomes of a job that ran to an end. */
    private static final Set<String> ENDED = Set.of("passed", "failed", "soft_failed", "canceled", "timed_out",
            "expired", "skipped", "broken", "not_run");

    private static final Pattern EMOJI = Pattern.compile(":[a-z0-9_+-]+:");

    /** Whether Buildkite documents this job's state; an unknown one gets no status. */
    public boolean knownState() {
        return KNOWN_STATES.contains(state);
    }

    /** The row of the step state mapping this job's state falls in; an unknown state is its own (unmapped) row. */
    public String outcome() {
        return switch (state) {
            case "finished" -> passed ? "passed" : softFailed ? "soft_failed" : "failed";
            case "started", "running" -> "running";
            case "canceling", "canceled" -> "canceled";
            case "timing_out", "timed_out" -> "timed_out";
            case "expired", "skipped", "broken", "not_run" -> state;
            case "waiting_failed", "blocked_failed", "unblocked_failed" -> "not_run";
            default -> knownState() ? "scheduled" : state;
        };
    }

    /** Whether the job ran to an end: a later stage than running. */
    public boolean ended() {
        return ENDED.contains(outcome());
    }

    /** The job's own time, for ordering: when it finished, else when it started. */
    public Instant time() {
        return finishedAt != null ? finishedAt : startedAt;
    }

    /**
     * The step's name in a status context, the same for every retry of the step: its key when it has one, else its
     * label without emoji codes ({@code :nodejs: Unit tests} is {@code Unit tests}); parallel jobs add their place,
     * {@code Unit tests (2/4)}.
     */
    public String stepName() {
        String name = stepKey != null ? stepKey : displayLabel();
        return name + parallelSuffix();
    }

    /** The label as a person reads it, for the description: without emoji codes, else the key. */
    public String displayLabel() {
        String cleaned = label == null ? "" : EMOJI.matcher(label).replaceAll("").trim().replaceAll("\\s+", " ");
        return cleaned.isEmpty() ? stepKey : cleaned;
    }

    /** {@code " (2/4)"} for the second of four parallel jobs, else nothing. */
    public String parallelSuffix() {
        return parallelIndex == null || parallelTotal == null ? ""
                : String.format(Locale.ROOT, " (%d/%d)", parallelIndex + 1, parallelTotal);
    }
}
