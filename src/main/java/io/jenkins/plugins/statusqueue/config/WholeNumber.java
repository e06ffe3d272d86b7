package io.jenkins.plugins.statusqueue.config;

/**
 * A number an administrator sets: its label, bounds and default, so that the form check, the setter used by
 * Configuration as Code and the code that uses it agree.
 */
public record WholeNumber(String label, int min, int max, int defaultValue) {

    /** A setting that is a whole number: what it means is its {@link #number()}. */
    public interface Setting {

        WholeNumber number();

        default int min() {
            return number().min();
        }

        default int max() {
            return number().max();
        }

        default int defaultValue() {
            return number().defaultValue();
        }

        /** The verdict on what the administrator typed. */
        default FieldCheck check(String text) {
            return number().check(text);
        }

        /**
         * @return {@code value} when it is within bounds
         * @throws IllegalArgumentException naming the setting and its bounds otherwise
         */
        default int require(int value) {
            return number().require(value);
        }
    }

    /** The verdict on what the administrator typed. */
    public FieldCheck check(String text) {
        if (text == null || text.isBlank()) {
            return FieldCheck.error(rangeText() + "; the default is " + defaultValue);
        }
        int value;
        try {
            value = Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return FieldCheck.error("'" + text.trim() + "' is not a whole number. " + rangeText());
        }
        return value < min || value > max ? FieldCheck.error(rangeText() + ", not " + value) : FieldCheck.ok();
    }

    /**
     * @return {@code value} when it is within bounds
     * @throws IllegalArgumentException naming the setting and its bounds otherwise
     */
    public int require(int value) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(rangeText() + ", not " + value);
        }
        return value;
    }

    private String rangeText() {
        return label + " must be between " + min + " and " + max;
    }
}
