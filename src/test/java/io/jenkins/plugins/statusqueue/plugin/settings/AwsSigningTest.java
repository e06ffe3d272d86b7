package io.jenkins.plugins.statusqueue.plugin.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.auth.AWSCredentials;
import com.cloudbees.jenkins.plugins.awscredentials.AWSCredentialsImpl;
import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Descriptor;
import hudson.util.Secret;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Which keys and role an SQS queue signs with, from each kind of credential, and what Test connection says. */
class AwsSigningTest {

    /** An AWS Credentials entry as the aws-credentials plugin stores it. */
    private static AWSCredentialsImpl aws(String id, String accessKey, String secretKey, String roleArn,
            String externalId) {
        return new AWSCredentialsImpl() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getId() {
                return id;
            }

            @Override
            public String getDescription() {
                return "";
            }

            @Override
            public Descriptor<Credentials> getDescriptor() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String getDisplayName() {
                return accessKey;
            }

            @Override
            public AWSCredentials getCredentials(String mfaToken) {
                throw new UnsupportedOperationException("never asked: STS is called by the plugin, with a cache");
            }

            @Override
            public String getAccessKey() {
                return accessKey;
            }

            @Override
            public Secret getSecretKey() {
                return Secret.fromString(secretKey);
            }

            @Override
            public String getIamRoleArn() {
                return roleArn;
            }

            @Override
            public String getIamExternalId() {
                return externalId;
            }

            @Override
            public Integer getStsTokenDuration() {
                return 1800;
            }

            @Override
            public void refresh() {
            }
        };
    }

    @Test
    void anAwsCredentialWithARoleSignsAsTheRoleAssumedWithItsKeys() {
        AwsSigning signing = AwsSigning.of(aws("sqs-role", "AKIAEXAMPLE", "s3cr3t-key",
                "arn:aws:iam::123456789012:role/reader", "ext-1"));
        assertEquals(new AwsSigning("sqs-role", "AKIAEXAMPLE", "s3cr3t-key", "arn:aws:iam::123456789012:role/reader",
                "ext-1", 1800), signing);
        assertEquals("role arn:aws:iam::123456789012:role/reader, assumed with the access key of credential "
                + "'sqs-role'", signing.identity());
        assertFalse(signing.toString().contains("s3cr3t-key"));
        assertTrue(Arrays.asList(signing.fingerprint()).containsAll(
                java.util.List.of("AKIAEXAMPLE", "s3cr3t-key", "ext-1", "1800")), "a changed key reopens the queue");
    }

    @Test
    void anAwsCredentialWithoutARoleSignsWithItsKeys() {
        AwsSigning signing = AwsSigning.of(aws("sqs-keys", "AKIAEXAMPLE", "secret", "", null));
        assertEquals("", signing.roleArn());
        assertEquals("the access key of credential 'sqs-keys'", signing.identity());
    }

    @Test
    void aCredentialWithoutKeysNeverFallsBackToTheControllersIdentity() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AwsSigning.of(
                aws("instance-role", "", "", "arn:aws:iam::123456789012:role/reader", "")));
        assertTrue(e.getMessage().startsWith("Credential 'instance-role' holds no access key pair."), e.getMessage());
    }

    @Test
    void aUsernameWithPasswordStillHoldsTheKeys() {
        StandardUsernamePasswordCredentials keys = new StandardUsernamePasswordCredentials() {
            private static final long serialVersionUID = 1L;

            @Override
            public String getId() {
                return "old-keys";
            }

            @Override
            public String getDescription() {
                return "";
            }

            @Override
            public Descriptor<Credentials> getDescriptor() {
                throw new UnsupportedOperationException();
            }

            @Override
            public String getUsername() {
                return " AKIAOLD ";
            }

            @Override
            public Secret getPassword() {
                return Secret.fromString("old-secret");
            }
        };
        assertEquals(new AwsSigning("old-keys", "AKIAOLD", "old-secret", "", "", 3600), AwsSigning.of(keys));
    }
}
