package io.jenkins.plugins.statusqueue.plugin.settings;

/** The configuration cannot drain yet; the message says what is missing or wrong and never contains a secret. */
public class NotConfiguredException extends Exception {

    private static final long serialVersionUID = 1L;

    public NotConfiguredException(String message) {
        super(message);
    }
}
