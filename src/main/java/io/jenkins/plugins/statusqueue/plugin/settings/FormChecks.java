package io.jenkins.plugins.statusqueue.plugin.settings;

import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.WholeNumber;
import jenkins.model.Jenkins;

/** What every form method of the plugin shares: who may call it, and how a plain-Java verdict is shown. */
public final class FormChecks {

    private FormChecks() {
    }

    /** Requires the right to configure the job the form belongs to (Overall/Administer where there is none). */
    public static void checkConfigure(Item context) {
        if (context == null) {
            checkAdminister();
        } else {
            context.checkPermission(Item.CONFIGURE);
        }
    }

    /** Requires Overall/Administer: the forms of queues, credentials and everything global. */
    public static void checkAdminister() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
    }

    /** Whether the current user could pass {@link #checkAdminister}. */
    public static boolean canAdminister() {
        return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }

    /** The form's rendering of a verdict; FormValidation escapes the message. */
    public static FormValidation toValidation(FieldCheck check) {
        return switch (check.level()) {
            case OK -> check.message().isEmpty() ? FormValidation.ok() : FormValidation.ok(check.message());
            case WARNING -> FormValidation.warning(check.message());
            case ERROR -> FormValidation.error(check.message());
        };
    }

    /** An administrator's number checked against the bounds its setter enforces. */
    public static FormValidation checkNumber(WholeNumber.Setting setting, String value) {
        checkAdminister();
        return toValidation(setting.check(value));
    }

    /** The message of the deepest cause: what a refused setter said, without the binding's wrappers. */
    public static String innermostMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
