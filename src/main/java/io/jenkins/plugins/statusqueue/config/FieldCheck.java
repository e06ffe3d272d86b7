package io.jenkins.plugins.statusqueue.config;

import java.util.Objects;

/**
 * The verdict on one configuration field, computed in plain Java so that it is tested here; the Jenkins glue turns
 * it into a {@code FormValidation}.
 *
 * @param level   whether the value works, works with a caveat, or cannot work
 * @param message what to tell the administrator; empty for {@link Level#OK} without remark
 */
public record FieldCheck(Level level, String message) {

    public enum Level {
        OK, WARNING, ERROR
    }

    private static final FieldCheck FINE = new FieldCheck(Level.OK, "");

    public FieldCheck {
        Objects.requireNonNull(level, "level");
        message = message == null ? "" : message;
    }

    public static FieldCheck ok() {
        return FINE;
    }

    public static FieldCheck ok(String message) {
        return new FieldCheck(Level.OK, message);
    }

    public static FieldCheck warning(String message) {
        return new FieldCheck(Level.WARNING, message);
    }

    public static FieldCheck error(String message) {
        return new FieldCheck(Level.ERROR, message);
    }

    public boolean isError() {
        return level == Level.ERROR;
    }
}
