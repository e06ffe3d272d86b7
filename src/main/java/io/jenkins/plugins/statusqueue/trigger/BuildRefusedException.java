package io.jenkins.plugins.statusqueue.trigger;

/**
 * The job cannot build this message, now or ever (a parameter refused the message's value): the message fails for
 * that job. The message says which parameter and why, for the status page; {@link #publicReason()} is what anyone who
 * may read the job sees.
 */
public final class BuildRefusedException extends Exception {

    private static final long serialVersionUID = 1L;

    private final String publicReason;

    /**
     * @param publicReason what the job's readers see: no part of the message
     * @param detail       the full reason, for administrators
     */
    public BuildRefusedException(String publicReason, String detail) {
        super(detail, null, false, false);
        this.publicReason = publicReason;
    }

    public String publicReason() {
        return publicReason;
    }
}
