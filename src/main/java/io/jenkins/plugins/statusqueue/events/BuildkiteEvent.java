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
 * @param repository   the pipeline's repository
 */
public record BuildkiteEvent(String organization, String pipeline, long buildNumber, String commit, String branch,
        String state, String blockedState, Instant startedAt, Instant finishedAt, RepositoryRef repository) {

    /** The Buildkite page of this build. */
    public String buildUrl() {
        return "https://buildkite.com/" + organization + "/" + pipeline + "/builds/" + buildNumber;
    }
}
