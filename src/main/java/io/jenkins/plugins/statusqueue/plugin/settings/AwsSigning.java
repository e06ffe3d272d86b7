package io.jenkins.plugins.statusqueue.plugin.settings;

import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.jenkins.plugins.awscredentials.AmazonWebServicesCredentials;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.common.StandardCredentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.queue.AssumedRole;
import io.jenkins.plugins.statusqueue.queue.HttpProxy;
import java.time.Clock;
import java.util.Objects;

/**
 * How SQS requests are signed with a credential of Jenkins: an AWS Credentials entry of the aws-credentials plugin
 * (access key, secret key, optional IAM role with external ID, whose session is cached until shortly before it
 * expires) or, as older configurations have it, a Username with password holding the access key pair. Never the
 * controller's own identity: a credential without keys is refused, even with a role (the aws-credentials plugin would
 * assume it with the instance profile).
 *
 * @param credentialsId   the credential's ID
 * @param accessKeyId     its access key ID
 * @param secretKey       its secret access key
 * @param roleArn         the IAM role to assume, blank for none
 * @param externalId      the external ID to assume it with, blank for none
 * @param durationSeconds how long each role session lasts
 */
public record AwsSigning(String credentialsId, String accessKeyId, String secretKey, String roleArn, String externalId,
        int durationSeconds) {

    /** The aws-credentials plugin's default session length. */
    static final int DEFAULT_SESSION_SECONDS = 3600;

    /** The kinds of credential an SQS queue accepts. */
    public static CredentialsMatcher kinds() {
        return CredentialsMatchers.anyOf(CredentialsMatchers.instanceOf(AmazonWebServicesCredentials.class),
                CredentialsMatchers.instanceOf(StandardUsernamePasswordCredentials.class));
    }

    /**
     * The keys a credential holds.
     *
     * @throws IllegalArgumentException naming the problem when it holds no usable access key pair
     */
    public static AwsSigning of(StandardCredentials credential) {
        String id = credential.getId();
        if (credential instanceof AWSCredentialsImpl aws) {
            Integer duration = aws.getStsTokenDuration();
            return checked(new AwsSigning(id, Objects.toString(aws.getAccessKey(), "").trim(),
                    CredentialLookup.secretOf(credential), Objects.toString(aws.getIamRoleArn(), "").trim(),
                    Objects.toString(aws.getIamExternalId(), "").trim(),
                    duration == null ? DEFAULT_SESSION_SECONDS : duration));
        }
        if (credential instanceof StandardUsernamePasswordCredentials keys) {
            return checked(new AwsSigning(id, keys.getUsername().trim(), CredentialLookup.secretOf(credential), "", "",
                    DEFAULT_SESSION_SECONDS));
        }
        throw new IllegalArgumentException(Messages.format("AwsSigning.UnknownKind", id));
    }

    private static AwsSigning checked(AwsSigning signing) {
        if (signing.accessKeyId().isEmpty() || signing.secretKey().isEmpty()) {
            throw new IllegalArgumentException(Messages.format("AwsSigning.NoKeys", signing.credentialsId()));
        }
        return signing;
    }

    /** Every value the requests are signed with, for a connection's fingerprint. */
    public String[] fingerprint() {
        return new String[] {credentialsId, accessKeyId, secretKey, roleArn, externalId,
            Integer.toString(durationSeconds)};
    }

    /** Who the requests are signed as, for "Test connection": the credential and any role, never a secret. */
    public String identity() {
        return roleArn.isEmpty() ? Messages.format("AwsSigning.Keys", credentialsId)
                : Messages.format("AwsSigning.Role", roleArn, credentialsId);
    }

    /**
     * The credentials an SQS client signs with: the keys, or the role's cached session, asked of the STS of
     * {@code region} through {@code stsProxy} ({@code null} for none).
     */
    public AWSCredentialsProvider provider(String region, HttpProxy stsProxy) {
        AWSStaticCredentialsProvider keys = new AWSStaticCredentialsProvider(
                new BasicAWSCredentials(accessKeyId, secretKey));
        if (roleArn.isEmpty()) {
            return keys;
        }
        return new AssumedRole(keys.getCredentials(), roleArn, externalId, durationSeconds, region, null, stsProxy,
                Clock.systemUTC());
    }

    /** Never the secret key. */
    @Override
    public String toString() {
        return "AwsSigning[" + identity() + "]";
    }
}
