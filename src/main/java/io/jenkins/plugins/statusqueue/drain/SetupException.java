package io.jenkins.plugins.statusqueue.drain;

/** Why no drain pass can run now: the plugin is not (fully) configured, or a credential cannot be found. */
public class SetupException extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message what an administrator must fix; never contains a secret */
    public SetupException(String message) {
        super(message);
    }
}
