package io.jenkins.plugins.statusqueue.health;

/**
 * One thing an administrator should look at, as the administrative monitor lists it.
 *
 * @param kind   what is wrong
 * @param text   what is wrong in a sentence, without raw error texts
 * @param detail the raw error text behind it (ARNs, account ids and queue URLs: Overall/Administer only), or
 *               {@code null}
 */
public record Problem(Kind kind, String text, String detail) {

    public enum Kind {
        /** Draining is on and no pass succeeded for {@link HealthCheck#STALL}. */
        DRAIN_STALLED,
        /** Passes stop early because GitHub Enterprise refuses the token. */
        TOKEN_REFUSED,
        /** The posted-status journal cannot be written. */
        JOURNAL_UNWRITABLE,
        /** The dead-letter queue holds messages. */
        DEAD_LETTERS,
        /** A trigger queue's poller has failed for {@link HealthCheck#STALL}. */
        TRIGGER_POLLER_FAILING
    }
}
