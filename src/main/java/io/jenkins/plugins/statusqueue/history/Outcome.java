package io.jenkins.plugins.statusqueue.history;

/** What became of one received message. Only {@link #isFinal() final} outcomes delete it from the queue. */
public enum Outcome {
    /** GitHub accepted the status. */
    POSTED(true),
    /** A newer event for the same status was already posted or came in the same pass, or a redelivery. */
    SUPERSEDED(true),
    /** Nothing to post by design: a state with no status, or a repository on another host. */
    SKIPPED(true),
    /** The message can never become a status: not JSON, missing fields, a bad SHA, an unknown state, a job event. */
    INVALID(true),
    /** GitHub refused the status for good: unknown repository (404), unknown commit or validation (422). */
    REJECTED(true),
    /**
     * Not final (GitHub down, rate limit, token refused or not allowed there, queue error): the message stays, comes
     * back after the retry delay and, if it never succeeds, goes to the dead-letter queue.
     */
    RETRY(false);

    private final boolean finalOutcome;

    Outcome(boolean finalOutcome) {
        this.finalOutcome = finalOutcome;
    }

    public boolean isFinal() {
        return finalOutcome;
    }
}
