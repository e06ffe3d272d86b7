package io.jenkins.plugins.statusqueue.events;

import java.time.Instant;

/**
 * A decoded Buildkite build event ("Build Finished", or "Build Started" when the stack stores those too).
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
 */
public record BuildkiteEvent(String organization, String pipeline, long buildNumber, String commit, String branch,
        String state, String blockedState, Instant startedAt, Instant finishedAt, Instant sentAt,
        RepositoryRef repository) {

    /**
     * When this state of the build came about, by the event's own account: {@code finished_at}, else
     * {@code started_at}, else the envelope's {@code time}; {@code null} when the event gives none. A retried build
     * finishes again under the same number, later.
     */
    public Instant eventTime() {
        return finishedAt != null ? finishedAt : startedAt != null ? startedAt : sentAt;
    }

    /** The Buildkite page of this build. */
    public String buildUrl() {
        return "https://buildkite.com/" + organization + "/" + pipeline + "/builds/" + buildNumber;
    }
}
