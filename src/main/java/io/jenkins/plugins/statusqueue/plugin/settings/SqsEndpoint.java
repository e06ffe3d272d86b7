package io.jenkins.plugins.statusqueue.plugin.settings;

import com.amazonaws.SdkClientException;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.Fingerprint;
import io.jenkins.plugins.statusqueue.config.Urls;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.SqsQueueSource;
import io.jenkins.plugins.statusqueue.queue.SqsQueueUrls;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * An Amazon SQS queue read directly, with AWS keys from a Username with password credential (access key ID as the
 * username, secret access key as the password) or, without one, the controller's default AWS provider chain. The
 * controller's own identity is only ever sent to Amazon SQS: with the default chain, the queue URL and any endpoint
 * override must be Amazon SQS addresses.
 */
public class SqsEndpoint extends QueueEndpoint {

    /**
     * How long a received message stays hidden from other readers: posting its status takes seconds, so this only
     * matters when Jenkins stops mid-pass, after which the message comes back this much later.
     */
    static final int VISIBILITY_TIMEOUT_SECONDS = 120;

    private final String queueUrl;
    private final String region;
    private String credentialsId = "";
    private String endpointOverride = "";

    /**
     * @param queueUrl e.g. {@code https://sqs.eu-west-1.amazonaws.com/123456789012/buildkite-events}
     * @param region   e.g. {@code eu-west-1}
     */
    @DataBoundConstructor
    public SqsEndpoint(String queueUrl, String region) {
        this.queueUrl = Fields.trim(queueUrl);
        this.region = Fields.trim(region);
    }

    public String getQueueUrl() {
        return queueUrl;
    }

    public String getRegion() {
        return region;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    /** Blank: the controller's default AWS provider chain. */
    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = Fields.trim(credentialsId);
    }

    public String getEndpointOverride() {
        return endpointOverride;
    }

    /** Blank: the public SQS endpoint of the region; otherwise, for example, a VPC endpoint. */
    @DataBoundSetter
    public void setEndpointOverride(String endpointOverride) {
        this.endpointOverride = Fields.trim(endpointOverride);
    }

    @Override
    public Connection connect() throws QueueException {
        FieldCheck queueCheck = SqsQueueUrls.check(queueUrl, region);
        if (queueCheck.isError()) {
            throw new QueueException(QueueException.Kind.CONFIG,
                    Messages.format("SqsEndpoint.BadQueue", queueCheck.message()));
        }
        FieldCheck endpointCheck = SqsQueueUrls.checkEndpointOverride(endpointOverride);
        if (endpointCheck.isError()) {
            throw new QueueException(QueueException.Kind.CONFIG,
                    Messages.format("SqsEndpoint.BadEndpoint", endpointCheck.message()));
        }
        String endpoint = endpointOverride.isEmpty() ? null : Urls.normalize(endpointOverride);
        if (credentialsId.isEmpty()) {
            if (!SqsQueueUrls.isAmazonSqs(queueUrl) || !(endpoint == null || SqsQueueUrls.isAmazonSqs(endpoint))) {
                throw new QueueException(QueueException.Kind.CONFIG, Messages.format("SqsEndpoint.DefaultChainAwsOnly"));
            }
            return new Connection(Fingerprint.of(identity(), region, endpoint), () -> open(endpoint, null));
        }
        StandardCredentials credential = CredentialLookup.find(credentialsId, queueUrl,
                CredentialLookup.usernamePassword());
        if (credential == null) {
            throw new QueueException(QueueException.Kind.CONFIG, Messages.format("Credential.NotFound", credentialsId));
        }
        String accessKeyId = ((StandardUsernamePasswordCredentials) credential).getUsername();
        String secretKey = CredentialLookup.secretOf(credential);
        return new Connection(Fingerprint.of(identity(), region, endpoint, accessKeyId, secretKey),
                () -> open(endpoint, new AWSStaticCredentialsProvider(new BasicAWSCredentials(accessKeyId, secretKey))));
    }

    private SqsQueueSource open(String endpoint, AWSCredentialsProvider credentials) throws QueueException {
        try {
            return new SqsQueueSource(SqsQueueSource.newClient(SqsQueueUrls.signingRegion(region, queueUrl).orElse(region), endpoint,
                    credentials), queueUrl,
                    VISIBILITY_TIMEOUT_SECONDS);
        } catch (SdkClientException | IllegalArgumentException e) {
            throw new QueueException(QueueException.Kind.CONFIG,
                    Messages.format("SqsEndpoint.NoClient", e.getMessage()), null, e);
        }
    }

    @Override
    public String describe() {
        return Messages.format("SqsEndpoint.Description", queueUrl, region);
    }

    @Override
    public String identity() {
        return "sqs " + queueUrl;
    }

    @Extension
    @Symbol("sqs")
    public static final class DescriptorImpl extends QueueEndpointDescriptor {

        @Override
        public String getDisplayName() {
            return Messages.format("SqsEndpoint.DisplayName");
        }

        @POST
        public FormValidation doCheckQueueUrl(@QueryParameter String value, @QueryParameter String region) {
            FormChecks.checkAdminister();
            return FormChecks.toValidation(SqsQueueUrls.check(value, region));
        }

        @POST
        public FormValidation doCheckRegion(@QueryParameter String queueUrl, @QueryParameter String value) {
            FormChecks.checkAdminister();
            return FormChecks.toValidation(SqsQueueUrls.check(queueUrl, value));
        }

        @POST
        public FormValidation doCheckEndpointOverride(@QueryParameter String value) {
            FormChecks.checkAdminister();
            return FormChecks.toValidation(SqsQueueUrls.checkEndpointOverride(value));
        }

        @POST
        public FormValidation doCheckCredentialsId(@QueryParameter String queueUrl, @QueryParameter String value) {
            return CredentialLookup.check(value, queueUrl, CredentialLookup.usernamePassword(),
                    Messages.format("SqsEndpoint.DefaultChain"));
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String queueUrl,
                @QueryParameter String credentialsId) {
            return CredentialLookup.fill(credentialsId, queueUrl, CredentialLookup.usernamePassword());
        }

        @POST
        public FormValidation doTestConnection(@QueryParameter String queueUrl, @QueryParameter String region, @QueryParameter String credentialsId,
                @QueryParameter String endpointOverride) {
            SqsEndpoint endpoint = new SqsEndpoint(queueUrl, region);
            endpoint.setCredentialsId(credentialsId);
            endpoint.setEndpointOverride(endpointOverride);
            return testConnection(endpoint);
        }
    }
}
