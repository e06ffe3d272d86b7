package io.jenkins.plugins.statusqueue.github;

import java.io.IOException;

/** Where commit statuses go: GitHub Enterprise. Thread-safe. */
public interface StatusSink extends AutoCloseable {

    /** Posts one status; never throws for an HTTP or network failure, it classifies it instead. */
    PostResult post(CommitStatus status);

    /**
     * Checks the URL and token for "Test connection": who the token belongs to, its scopes and the rate limit
     * left, as one line for the administrator.
     */
    String probe() throws IOException;

    /**
     * Why no pass can post through this sink, checked before each pass: its URL does not answer as GitHub's API. Or
     * {@code null}, also when that cannot be told now.
     */
    default String setupProblem() {
        return null;
    }

    /** Closes the connections this sink keeps; posts under way fail and are retried later. */
    @Override
    default void close() {
    }
}
