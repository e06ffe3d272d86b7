package io.jenkins.plugins.statusqueue.plugin.settings;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.Extension;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.Fingerprint;
import io.jenkins.plugins.statusqueue.config.Urls;
import io.jenkins.plugins.statusqueue.queue.ApiGatewayQueueSource;
import io.jenkins.plugins.statusqueue.queue.ApiGatewayUrls;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/** The API Gateway facade of a status-queue stack, called with an API key. */
public class ApiGatewayEndpoint extends QueueEndpoint {

    private final String apiUrl;
    private final String apiKeyCredentialsId;

    /**
     * @param apiUrl              the stack's {@code ApiUrl} output, e.g.
     *                            {@code https://abc123.execute-api.eu-west-1.amazonaws.com/prod}
     * @param apiKeyCredentialsId a Secret text credential holding the API key
     */
    @DataBoundConstructor
    public ApiGatewayEndpoint(String apiUrl, String apiKeyCredentialsId) {
        this.apiUrl = Fields.trim(apiUrl);
        this.apiKeyCredentialsId = Fields.trim(apiKeyCredentialsId);
    }

    public String getApiUrl() {
        return apiUrl;
    }

    public String getApiKeyCredentialsId() {
        return apiKeyCredentialsId;
    }

    @Override
    public Connection connect() throws QueueException {
        FieldCheck urlCheck = ApiGatewayUrls.check(apiUrl);
        if (urlCheck.isError()) {
            throw new QueueException(QueueException.Kind.CONFIG,
                    Messages.format("ApiGatewayEndpoint.BadUrl", urlCheck.message()));
        }
        if (apiKeyCredentialsId.isEmpty()) {
            throw new QueueException(QueueException.Kind.CONFIG, Messages.format("ApiGatewayEndpoint.NoApiKey"));
        }
        StandardCredentials credential = CredentialLookup.find(apiKeyCredentialsId, apiUrl,
                CredentialLookup.secretText());
        if (credential == null) {
            throw new QueueException(QueueException.Kind.CONFIG,
                    Messages.format("Credential.NotFound", apiKeyCredentialsId));
        }
        String url = Urls.normalize(apiUrl);
        String apiKey = CredentialLookup.secretOf(credential);
        return new Connection(Fingerprint.of(identity(), apiKey), () -> new ApiGatewayQueueSource(url, apiKey));
    }

    @Override
    public String describe() {
        return Messages.format("ApiGatewayEndpoint.Description", Urls.normalize(apiUrl));
    }

    @Override
    public String identity() {
        return "apigateway " + Urls.normalize(apiUrl);
    }

    @Extension
    @Symbol("apiGateway")
    public static final class DescriptorImpl extends QueueEndpointDescriptor {

        @Override
        public String getDisplayName() {
            return Messages.format("ApiGatewayEndpoint.DisplayName");
        }

        @POST
        public FormValidation doCheckApiUrl(@QueryParameter String value) {
            FormChecks.checkAdminister();
            return FormChecks.toValidation(ApiGatewayUrls.check(value));
        }

        @POST
        public FormValidation doCheckApiKeyCredentialsId(@QueryParameter String apiUrl, @QueryParameter String value) {
            return CredentialLookup.check(value, apiUrl, CredentialLookup.secretText(), null);
        }

        @POST
        public ListBoxModel doFillApiKeyCredentialsIdItems(@QueryParameter String apiUrl,
                @QueryParameter String apiKeyCredentialsId) {
            return CredentialLookup.fill(apiKeyCredentialsId, apiUrl, CredentialLookup.secretText());
        }

        @POST
        public FormValidation doTestConnection(@QueryParameter String apiUrl,
                @QueryParameter String apiKeyCredentialsId) {
            return testConnection(new ApiGatewayEndpoint(apiUrl, apiKeyCredentialsId));
        }
    }
}
