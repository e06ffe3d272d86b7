package io.jenkins.plugins.statusqueue.github;

import io.jenkins.plugins.statusqueue.events.RepositoryRef;
import java.util.Objects;

/**
 * A commit status ready to post: {@code POST /repos/{owner}/{repo}/statuses/{sha}}.
 *
 * @param repository  the repository on GitHub Enterprise
 * @param sha         the full 40-character commit SHA
 * @param state       the GitHub state
 * @param targetUrl   the link shown beside the status, may be {@code null}
 * @param description at most {@link #MAX_DESCRIPTION} characters, may be {@code null}
 * @param context     the status context, for example {@code buildkite/my-pipeline}
 */
public record CommitStatus(RepositoryRef repository, String sha, GitHubState state, String targetUrl,
        String description, String context) {

    /** GitHub rejects longer descriptions with 422. */
    public static final int MAX_DESCRIPTION = 140;

    public CommitStatus {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(sha, "sha");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(context, "context");
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw new IllegalArgumentException("description longer than " + MAX_DESCRIPTION + " characters");
        }
    }
}
