package io.jenkins.plugins.statusqueue;

import hudson.util.FormValidation;
import io.jenkins.plugins.statusqueue.config.FieldCheck;

/** Turns the plain-Java verdicts into what Jenkins' forms show. */
final class FormValidations {

    private FormValidations() {
    }

    static FormValidation of(FieldCheck check) {
        return switch (check.level()) {
            case OK -> check.message().isEmpty() ? FormValidation.ok() : FormValidation.ok(check.message());
            case WARNING -> FormValidation.warning(check.message());
            case ERROR -> FormValidation.error(check.message());
        };
    }
}
