package io.jenkins.plugins.statusqueue.plugin.settings;

/** How the glue stores what a form or Configuration as Code hands it. */
public final class Fields {

    private Fields() {
    }

    /** Trimmed, and never {@code null}: an absent value is an empty one. */
    public static String trim(String value) {
        return value == null ? "" : value.trim();
    }
}
