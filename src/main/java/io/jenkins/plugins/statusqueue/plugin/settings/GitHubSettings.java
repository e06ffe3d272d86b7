package io.jenkins.plugins.statusqueue.plugin.settings;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.Urls;
import io.jenkins.plugins.statusqueue.github.GitHubApiUrls;
import io.jenkins.plugins.statusqueue.github.GitHubStatusSink;
import java.io.IOException;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The GitHub Enterprise section: where statuses go ({@code gitHub: {apiUrl, credentialsId}}). */
public class GitHubSettings extends AbstractDescribableImpl<GitHubSettings> {

    private String apiUrl = "";
    private String credentialsId = "";

    @DataBoundConstructor
    public GitHubSettings() {
    }

    public String getApiUrl() {
        return apiUrl;
    }

    @DataBoundSetter
    public void setApiUrl(String apiUrl) {
        this.apiUrl = Fields.trim(apiUrl);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Fields.trim(credentialsId);
    }

    /** Hand-edited XML may leave a field out; XStream then leaves it {@code null}. */
    protected Object readResolve() {
        apiUrl = Fields.trim(apiUrl);
        credentialsId = Fields.trim(credentialsId);
        return this;
    }

    /**
     * The normalized API URL.
     *
     * @throws NotConfiguredException when the URL cannot work
     */
    String checkedApiUrl() throws NotConfiguredException {
        FieldCheck urlCheck = GitHubApiUrls.check(apiUrl);
        if (urlCheck.isError()) {
            throw new NotConfiguredException(Messages.format("NotConfigured.GitHubApiUrl", urlCheck.message()));
        }
        return Urls.normalize(apiUrl);
    }

    /**
     * The token of the configured credential, looked up now.
     *
     * @throws NotConfiguredException when the credential is missing, unknown or empty
     */
    String token(String checkedApiUrl) throws NotConfiguredException {
        if (credentialsId.isEmpty()) {
            throw new NotConfiguredException(Messages.format("NotConfigured.NoGitHubCredential"));
        }
        StandardCredentials credential = CredentialLookup.find(credentialsId, checkedApiUrl,
                CredentialLookup.gitHubToken());
        if (credential == null) {
            throw new NotConfiguredException(Messages.format("Credential.NotFound", credentialsId));
        }
        String token = CredentialLookup.secretOf(credential);
        if (token.isEmpty()) {
            throw new NotConfiguredException(Messages.format("Credential.Empty", credentialsId));
        }
        return token;
    }

    @Extension
    @Symbol("gitHub")
    public static final class DescriptorImpl extends Descriptor<GitHubSettings> {

        @Override
        public String getDisplayName() {
            return Messages.format("GitHubSettings.DisplayName");
        }

        @POST
        public FormValidation doCheckApiUrl(@QueryParameter String value) {
            FormChecks.checkAdminister();
            return FormChecks.toValidation(GitHubApiUrls.check(value, JenkinsNetwork::answersAsApi));
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String apiUrl, @QueryParameter String value) {
            FormChecks.checkAdminister();
            return CredentialLookup.check(value, apiUrl, CredentialLookup.gitHubToken(), null);
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String apiUrl,
                @QueryParameter String credentialsId) {
            return CredentialLookup.fill(credentialsId, apiUrl, CredentialLookup.gitHubToken());
        }

        /** Calls GitHub with the URL and token in the form (saved or not) and reports who the token is. */
        @POST
        public FormValidation doTestConnection(@QueryParameter String apiUrl, @QueryParameter String credentialsId) {
            FormChecks.checkAdminister();
            FieldCheck urlCheck = GitHubApiUrls.check(apiUrl, JenkinsNetwork::answersAsApi);
            if (urlCheck.isError()) {
                return FormChecks.toValidation(urlCheck);
            }
            GitHubSettings settings = new GitHubSettings();
            settings.setApiUrl(apiUrl);
            settings.setCredentialsId(credentialsId);
            try {
                String checkedApiUrl = settings.checkedApiUrl();
                try (GitHubStatusSink sink = new GitHubStatusSink(JenkinsNetwork.HTTP, checkedApiUrl,
                        settings.token(checkedApiUrl))) {
                    return FormValidation.ok(Messages.format("Test.GitHub.Connected", sink.probe()));
                }
            } catch (NotConfiguredException e) {
                return FormValidation.error(e.getMessage());
            } catch (IOException | IllegalArgumentException e) {
                return FormValidation.error(Messages.format("Test.GitHub.Failed", e.getMessage()));
            }
        }
    }
}
