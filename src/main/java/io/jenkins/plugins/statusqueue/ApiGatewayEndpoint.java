package io.jenkins.plugins.statusqueue;

import hudson.Extension;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.SecureUrls;
import io.jenkins.plugins.statusqueue.drain.SetupException;
import io.jenkins.plugins.statusqueue.queue.ApiGatewayQueueSource;
import io.jenkins.plugins.statusqueue.queue.ApiGatewayUrls;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The API Gateway facade of a status-queue stack: its {@code ApiUrl} output and its API key. */
public class ApiGatewayEndpoint extends QueueEndpoint {

    private final String apiUrl;
    private final String apiKeyCredentialsId;

    @DataBoundConstructor
    public ApiGatewayEndpoint(String apiUrl, String apiKeyCredentialsId) {
        this.apiUrl = apiUrl == null ? "" : SecureUrls.trimTrailingSlashes(apiUrl);
        this.apiKeyCredentialsId = apiKeyCredentialsId;
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public String getApiKeyCredentialsId() {
        return apiKeyCredentialsId;
    }

    @Override
    public QueueSource open() throws SetupException {
        return new ApiGatewayQueueSource(checkedUrl(apiUrl), CredentialSecrets.tokenFor(apiKeyCredentialsId, apiUrl));
    }

    @Override
    public String connectionKey() throws SetupException {
        return apiUrl + "|" + CredentialSecrets.digest(CredentialSecrets.tokenFor(apiKeyCredentialsId, apiUrl));
    }

    @Override
    public String describe() {
        return "API Gateway " + apiUrl;
    }

    private static String checkedUrl(String url) throws SetupException {
        FieldCheck check = ApiGatewayUrls.check(url);
        if (check.isError()) {
            throw new SetupException(Messages.get("queue.badUrl", check.message()));
        }
        return url;
    }

    @Extension
    @Symbol("apiGatewayQueue")
    public static class DescriptorImpl extends QueueEndpointDescriptor {

        @Override
        public String getDisplayName() {
            return Messages.get("apiGateway.displayName");
        }

        @POST
        public FormValidation doCheckApiUrl(@QueryParameter String value) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            return FormValidations.of(ApiGatewayUrls.check(value));
        }

        @POST
        public ListBoxModel doFillApiKeyCredentialsIdItems(@QueryParameter String apiUrl,
                @QueryParameter String apiKeyCredentialsId) {
            return CredentialSecrets.tokenChoices(apiUrl, apiKeyCredentialsId);
        }

        /** Reaches the stack with the key without receiving or deleting any message. */
        @POST
        public FormValidation doTestConnection(@QueryParameter String apiUrl,
                @QueryParameter String apiKeyCredentialsId) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
            try (QueueSource source = new ApiGatewayEndpoint(apiUrl, apiKeyCredentialsId).open()) {
                return FormValidation.ok(Messages.get("test.queueOk", source.probe().description()));
            } catch (SetupException | QueueException e) {
                return FormValidation.error(Messages.get("test.failed", e.getMessage()));
            }
        }
    }
}
