package io.jenkins.plugins.statusqueue.drain;

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
    /** GitHub refused the status for good (unknown repository or commit, validation). */
    REJECTED(true),
    /** A transient failure (GitHub down, rate limit, bad token, queue error): the message stays and comes back. */
    RETRY(false);

    private final boolean finalOutcome;

    Outcome(boolean finalOutcome) {
        this.finalOutcome = finalOutcome;
    }

    public boolean isFinal() {
        return finalOutcome;
    }
}
