package io.jenkins.plugins.statusqueue.github;

import io.jenkins.plugins.statusqueue.http.HttpAnswer;
import java.time.Duration;

/**
 * The outcome of posting one commit status.
 *
 * @param kind       accepted, worth retrying later, refused for now, or never going to succeed
 * @param detail     what GitHub said, for the history (never contains the token)
 * @param retryAfter for {@link Kind#RETRY}: how long GitHub asked us to wait, or {@code null}
 * @param refusal    for {@link Kind#REFUSED}, and for a {@link Kind#FINAL} 404: the refusal without what is
 *                   particular to this post (for example {@code 401 Bad credentials}), so that posts refused the same
 *                   way can be counted together
 */
public record PostResult(Kind kind, String detail, Duration retryAfter, String refusal) {

    public enum Kind {
        /** GitHub stored the status (201). */
        ACCEPTED,
        /** Server error, timeout, rate limit: the message stays in the queue and is tried again. */
        RETRY,
        /**
         * The token may not write there now (401, or a 403 that is not a rate limit: a revoked token, an SSO lapse,
         * a removed collaborator). An administrator can fix that, so the message stays in the queue, comes back
         * after the retry delay and, if it never succeeds, goes to the dead-letter queue.
         */
        REFUSED,
        /**
         * Unknown repository (404), unknown SHA or validation failure (422), in GitHub's own words: retrying cannot
         * help, it is deleted; unless most posts of the pass were refused (a token that lost access to many
         * repositories sees 404s), which its {@code refusal} lets the drain count.
         */
        FINAL
    }

    public static PostResult accepted(String detail) {
        return new PostResult(Kind.ACCEPTED, detail, null, null);
    }

    public static PostResult retry(String detail, Duration retryAfter) {
        return new PostResult(Kind.RETRY, detail, HttpAnswer.clamp(retryAfter), null);
    }

    public static PostResult refused(String detail, String refusal) {
        return new PostResult(Kind.REFUSED, detail, null, refusal);
    }

    public static PostResult rejected(String detail) {
        return new PostResult(Kind.FINAL, detail, null, null);
    }

    /** A 404 in GitHub's words: final for this post, but counted with the refusals of the pass. */
    public static PostResult notFound(String detail, String refusal) {
        return new PostResult(Kind.FINAL, detail, null, refusal);
    }
}
