package io.jenkins.plugins.statusqueue.store;

import java.io.IOException;
import java.util.logging.Logger;

/**
 * Whether one of the plugin's files can be written now, logged once when that changes rather than at every failed
 * write: a full disk fails every pass, and a stack trace each time would bury the one line that says what to fix.
 */
public final class WriteState {

    private static final Logger LOGGER = Logger.getLogger("io.jenkins.plugins.statusqueue");

    private final String what;
    private final String whileFailing;
    private String reason;

    /**
     * @param what         the file, as the log names it: {@code the posted-status journal /var/jenkins/...}
     * @param whileFailing what the plugin does meanwhile, for the log line
     */
    public WriteState(String what, String whileFailing) {
        this.what = what;
        this.whileFailing = whileFailing;
    }

    /** A write failed; logs when the file could be written until now. */
    public synchronized void failed(IOException e) {
        String now = reasonOf(e);
        if (reason == null) {
            LOGGER.warning("Status Queue cannot write " + what + ": " + now + "; " + whileFailing);
        }
        reason = now;
    }

    /** A write succeeded; logs when it had failed. */
    public synchronized void written() {
        if (reason != null) {
            LOGGER.info("Status Queue can write " + what + " again");
            reason = null;
        }
    }

    /** Why the last write failed, or {@code null} when it succeeded. */
    public synchronized String reason() {
        return reason;
    }

    /** "No space left on device", "/var/jenkins/status-queue: Read-only file system". */
    static String reasonOf(IOException e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }
}
