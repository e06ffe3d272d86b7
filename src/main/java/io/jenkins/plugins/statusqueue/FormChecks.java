package io.jenkins.plugins.statusqueue;

import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.statusqueue.config.FieldCheck;
import jenkins.model.Jenkins;

/** What every form method of the plugin shares: who may call it, and how a plain-Java verdict is shown. */
public final class FormChecks {

    private FormChecks() {
    }

    /**
     * Requires the right to configure where the form lives: Overall/Administer for the global configuration
     * ({@code context == null}), Item/Configure for a job.
     */
    public static void checkConfigure(Item context) {
        if (context == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else {
            context.checkPermission(Item.CONFIGURE);
        }
    }

    /** Whether the current user could pass {@link #checkConfigure}. */
    public static boolean canConfigure(Item context) {
        return context == null ? Jenkins.get().hasPermission(Jenkins.ADMINISTER)
                : context.hasPermission(Item.CONFIGURE);
    }

    /** The form's rendering of a verdict; FormValidation escapes the message. */
    public static FormValidation toValidation(FieldCheck check) {
        return switch (check.level()) {
            case OK -> check.message().isEmpty() ? FormValidation.ok() : FormValidation.ok(check.message());
            case WARNING -> FormValidation.warning(check.message());
            case ERROR -> FormValidation.error(check.message());
        };
    }
}
