package io.jenkins.plugins.statusqueue;

import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import com.cloudbees.plugins.credentials.domains.URIRequirementBuilder;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.statusqueue.drain.SetupException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import jenkins.model.Jenkins;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;

/**
 * Token-like secrets kept in Jenkins credentials: Secret text, or username with password where the password is the
 * token (as GitHub Enterprise users often store them). Looked up in the global context, restricted to credentials
 * whose domain matches the service's URL.
 */
final class CredentialSecrets {

    private static final CredentialsMatcher TOKEN_LIKE = CredentialsMatchers.anyOf(
            CredentialsMatchers.instanceOf(StringCredentials.class),
            CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class));

    private CredentialSecrets() {
    }

    /** The secret of the credential {@code id} usable for {@code url}. */
    static String tokenFor(String id, String url) throws SetupException {
        if (id == null || id.isBlank()) {
            throw new SetupException(Messages.get("credentials.none", url));
        }
        StandardCredentials credential = CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItemGroup(StandardCredentials.class, Jenkins.get(), ACL.SYSTEM2,
                        URIRequirementBuilder.fromUri(url).build()),
                CredentialsMatchers.allOf(CredentialsMatchers.withId(id), TOKEN_LIKE));
        if (credential instanceof StringCredentials text) {
            return text.getSecret().getPlainText();
        }
        if (credential instanceof StandardUsernamePasswordCredentials password) {
            return password.getPassword().getPlainText();
        }
        throw new SetupException(Messages.get("credentials.missing", id, url));
    }

    /** The choices for a token field: only suitable credentials, and only for administrators. */
    static ListBoxModel tokenChoices(String url, String current) {
        StandardListBoxModel model = new StandardListBoxModel();
        if (!Jenkins.get().hasPermission(Jenkins.ADMINISTER)) {
            model.includeCurrentValue(current);
            return model;
        }
        model.includeEmptyValue().includeMatching(Jenkins.get(), StandardCredentials.class,
                URIRequirementBuilder.fromUri(url).build(), TOKEN_LIKE).includeCurrentValue(current);
        return model;
    }

    /** A digest that changes with the secret without revealing it. */
    static String digest(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
