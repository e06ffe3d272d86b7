package io.jenkins.plugins.statusqueue.trigger;

import io.jenkins.plugins.statusqueue.queue.QueueException;

/**
 * What anyone who may read a job learns of a problem: a category and its time. The error itself names addresses,
 * accounts, proxies or parts of a message, and stays on the status page (Overall/Manage).
 */
public enum ErrorCategory {
    /** The queue did not answer in time, was unavailable or throttled us. */
    UNREACHABLE("unreachable"),
    /** The queue refused the credentials, or its configuration cannot work. */
    REFUSED("refused"),
    /** The queue answered with something its protocol does not promise, or an error of its own. */
    BAD_ANSWER("bad answer"),
    /** A message broke one of the queue's bounds. */
    OVER_BOUND("over a bound"),
    /** Handling a message failed inside Jenkins. */
    FAILED("failed in Jenkins");

    private final String text;

    ErrorCategory(String text) {
        this.text = text;
    }

    public static ErrorCategory of(Throwable error) {
        if (error instanceof MessageBounds.ExceededException) {
            return OVER_BOUND;
        }
        if (!(error instanceof QueueException queueError)) {
            return FAILED;
        }
        return switch (queueError.kind()) {
            case AUTH, CONFIG -> REFUSED;
            case BAD_RESPONSE, QUEUE_ERROR -> BAD_ANSWER;
            case THROTTLED, UNAVAILABLE, TIMEOUT -> UNREACHABLE;
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
