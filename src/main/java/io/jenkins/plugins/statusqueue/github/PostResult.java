package io.jenkins.plugins.statusqueue.github;

import java.time.Duration;

/**
 * The outcome of posting one commit status.
 *
 * @param kind       accepted, worth retrying later, or never going to succeed
 * @param detail     what GitHub said, for the history (never contains the token)
 * @param retryAfter for {@link Kind#RETRY}: how long GitHub asked us to wait, or {@code null}
 */
public record PostResult(Kind kind, String detail, Duration retryAfter) {

    public enum Kind {
        /** GitHub stored the status (201). */
        ACCEPTED,
        /** Server error, timeout, rate limit: the message stays in the queue and is tried again. */
        RETRY,
        /**
         * The token was refused (401): no status can be posted until an administrator fixes the credential, so
         * the pass stops and the message stays in the queue rather than being thrown away.
         */
        UNAUTHORIZED,
        /** Unknown repository or SHA, validation failure: retrying cannot help, the message is deleted. */
        FINAL
    }

    public static PostResult accepted(String detail) {
        return new PostResult(Kind.ACCEPTED, detail, null);
    }

    public static PostResult retry(String detail, Duration retryAfter) {
        return new PostResult(Kind.RETRY, detail, retryAfter);
    }

    public static PostResult unauthorized(String detail) {
        return new PostResult(Kind.UNAUTHORIZED, detail, null);
    }

    public static PostResult rejected(String detail) {
        return new PostResult(Kind.FINAL, detail, null);
    }
}
