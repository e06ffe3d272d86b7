package io.jenkins.plugins.statusqueue.plugin.settings;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.DomainRequirement;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.security.ACL;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.statusqueue.Messages;
import java.util.List;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Finds and lists the credentials the plugin uses, as seen from Jenkins as a whole (so System-scoped credentials,
 * which no job can use, suffice), restricted to the credential domains that match the service's URL. Only
 * administrators choose them: the drain's, and those of the trigger queues.
 */
public final class CredentialLookup {

    private CredentialLookup() {
    }

    /** A GitHub token: Secret text, or Username with password whose password is the token. */
    public static CredentialsMatcher gitHubToken() {
        return CredentialsMatchers.anyOf(CredentialsMatchers.instanceOf(StringCredentials.class),
                CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class));
    }

    /** An API key: Secret text. */
    public static CredentialsMatcher secretText() {
        return CredentialsMatchers.instanceOf(StringCredentials.class);
    }

    /** AWS keys: Username with password holding the access key ID and the secret access key. */
    public static CredentialsMatcher usernamePassword() {
        return CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class);
    }

    /** The credential with this ID and kind that Jenkins may use for {@code url}, or {@code null}. */
    public static StandardCredentials find(String id, String url, CredentialsMatcher kind) {
        if (id == null || id.isBlank()) {
            return null;
        }
        List<StandardCredentials> candidates = CredentialsProvider.lookupCredentialsInItemGroup(
                StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2, domainOf(url));
        return CredentialsMatchers.firstOrNull(candidates,
                CredentialsMatchers.allOf(CredentialsMatchers.withId(id.trim()), kind));
    }

    /** The secret a Secret text or a Username with password credential holds. */
    public static String secretOf(StandardCredentials credential) {
        if (credential instanceof StringCredentials text) {
            return text.getSecret().getPlainText();
        }
        if (credential instanceof StandardUsernamePasswordCredentials usernamePassword) {
            return usernamePassword.getPassword().getPlainText();
        }
        throw new IllegalArgumentException("credential " + credential.getId() + " holds no secret this plugin reads");
    }

    /**
     * The choices for a credential field. Someone who is not an administrator sees only the current value, so that
     * saving the form keeps it and no credential names leak.
     */
    public static ListBoxModel fill(String currentValue, String url, CredentialsMatcher kind) {
        String current = currentValue == null ? "" : currentValue;
        StandardListBoxModel model = new StandardListBoxModel();
        if (!FormChecks.canAdminister()) {
            return model.includeCurrentValue(current);
        }
        return model.includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, Jenkins.get(), StandardCredentials.class, domainOf(url), kind)
                .includeCurrentValue(current);
    }

    /**
     * The verdict on a chosen credential ID: it must name a credential of the right kind usable for {@code url}.
     * {@code blankMeaning} is the remark for an empty choice when that is allowed, or {@code null} when it is not.
     */
    public static FormValidation check(String id, String url, CredentialsMatcher kind, String blankMeaning) {
        if (!FormChecks.canAdminister()) {
            return FormValidation.ok();
        }
        if (id == null || id.isBlank()) {
            return blankMeaning == null ? FormValidation.error(Messages.format("Credential.Choose"))
                    : FormValidation.ok(blankMeaning);
        }
        StandardCredentials credential = find(id, url, kind);
        if (credential == null) {
            return FormValidation.error(Messages.format("Credential.NotFound", id.trim()));
        }
        return secretOf(credential).isEmpty() ? FormValidation.error(Messages.format("Credential.Empty", id.trim()))
                : FormValidation.ok();
    }

    private static List<DomainRequirement> domainOf(String url) {
        return url == null || url.isBlank() ? List.of() : URIRequirementBuilder.fromUri(url.trim()).build();
    }
}
