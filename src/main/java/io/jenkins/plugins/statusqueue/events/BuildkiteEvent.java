package io.jenkins.plugins.statusqueue.events;

import java.time.Instant;

/**
 * A decoded Buildkite build event ("Build Finished", or "Build Started" when the stack stores those too), or a job
 * event ("Job Finished", "Job Started") when per-step statuses are on: then {@link #job()} says which step.
 *
 * @param organization organization slug
 * @param pipeline     pipeline slug
 * @param buildNumber  build number, increasing per pipeline
 * @param commit       full 40-character commit SHA, lower case
 * @param branch       branch, may be {@code null}
 * @param state        Buildkite build state: {@code passed}, {@code failed}, {@code blocked}, {@code started}, ...
 * @param blockedState {@code blocked_state} for blocked builds, may be {@code null}
 * @param startedAt    when the build started, may be {@code null}
 * @param finishedAt   when the build finished, may be {@code null}
 * @param sentAt       the EventBridge envelope's {@code time}, or {@code null} for a bare {@code detail}
 * @param repository   the pipeline's repository
 * @param job          the job of a job event; {@code null} for a build event
 */
public record BuildkiteEvent(String organization, String pipeline, long buildNumber, String commit, String branch,
        String state, String blockedState, Instant startedAt, Instant finishedAt, Instant sentAt,
        RepositoryRef repository, StepJob job) {

    /** The state the status reports: the build's, or for a job event the job's outcome ({@link StepJob#outcome()}). */
    public String statusState() {
        return job == null ? state : job.outcome();
    }

    /**
     * When this state of the build (or of the job) came about, by the event's own account: {@code finished_at},
     * else {@code started_at}, else the envelope's {@code time}; {@code null} when the event gives none. A retried
     * build finishes again under the same number, later; a retried job is a new job of the step, finishing later.
     */
    public Instant eventTime() {
        Instant own = job != null ? job.time() : finishedAt != null ? finishedAt : startedAt;
        return own != null ? own : sentAt;
    }

    /** The Buildkite page of this build. */
    public String buildUrl() {
        return "https://buildkite.com/" + organization + "/" + pipeline + "/builds/" + buildNumber;
    }
}
