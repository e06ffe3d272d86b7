package io.jenkins.plugins.statusqueue.plugin.settings;

import hudson.util.FormValidation;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import java.util.function.Function;

/** How the status sections take and check their templates and state mappings. */
final class Templates {

    private Templates() {
    }

    /**
     * A blank template means the default, so that the form always shows what is used.
     *
     * @throws IllegalArgumentException naming the field and what {@code problemOf} found
     */
    static String require(String fieldKey, String value, String fallback, Function<String, String> problemOf) {
        String template = Fields.trim(value);
        String problem = problemOf.apply(template);
        if (problem != null) {
            throw new IllegalArgumentException(Messages.format(fieldKey, problem));
        }
        return template.isEmpty() ? fallback : template;
    }

    static String orDefault(String template, String fallback) {
        String trimmed = Fields.trim(template);
        return trimmed.isEmpty() ? fallback : trimmed;
    }

    /** @throws IllegalArgumentException naming the field and the line that {@code parser} refuses */
    static String requireMapping(String fieldKey, String value, Function<String, StateMapping> parser) {
        String overrides = Fields.trim(value);
        try {
            parser.apply(overrides);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Messages.format(fieldKey, e.getMessage()), e);
        }
        return overrides;
    }

    static FormValidation check(String value, Function<String, String> problemOf) {
        FormChecks.checkAdminister();
        String problem = problemOf.apply(value);
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }

    static FormValidation checkMapping(String value, Function<String, StateMapping> parser) {
        FormChecks.checkAdminister();
        try {
            parser.apply(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }
}
