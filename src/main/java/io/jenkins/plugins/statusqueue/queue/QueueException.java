package io.jenkins.plugins.statusqueue.queue;

import io.jenkins.plugins.statusqueue.http.HttpAnswer;
import java.time.Duration;

/** A queue call failed. The kind tells the administrator what to fix and the drain whether to retry. */
public class QueueException extends Exception {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** Bad or missing API key / AWS credentials (HTTP 403, SQS AccessDenied). */
        AUTH(false),
        /** Throttled (HTTP 429, SQS throttling). */
        THROTTLED(true),
        /** The service answered with a server error (HTTP 5xx). */
        UNAVAILABLE(true),
        /** No answer in time, or the connection failed. */
        TIMEOUT(true),
        /** The answer was not what the protocol promises (not JSON, unexpected shape). */
        BAD_RESPONSE(true),
        /** SQS itself reported an error (for the facade: a 200 whose body is an SQS error document). */
        QUEUE_ERROR(true),
        /** The configuration cannot work (malformed URL, unknown queue). */
        CONFIG(false);

        private final boolean transientFailure;

        Kind(boolean transientFailure) {
            this.transientFailure = transientFailure;
        }

        public boolean isTransient() {
            return transientFailure;
        }
    }

    private final Kind kind;
    private final Duration retryAfter;

    public QueueException(Kind kind, String message) {
        this(kind, message, null, null);
    }

    public QueueException(Kind kind, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.retryAfter = HttpAnswer.clamp(retryAfter);
    }

    public Kind kind() {
        return kind;
    }

    /** How long the service asked us to wait (at most {@link HttpAnswer#MAX_SERVER_WAIT}), or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
