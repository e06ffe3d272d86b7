package io.jenkins.plugins.statusqueue.queue;

import com.amazonaws.ClientConfiguration;
import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicSessionCredentials;
import com.amazonaws.client.builder.AwsClientBuilder;
import com.amazonaws.services.securitytoken.AWSSecurityTokenService;
import com.amazonaws.services.securitytoken.AWSSecurityTokenServiceClientBuilder;
import com.amazonaws.services.securitytoken.model.AssumeRoleRequest;
import com.amazonaws.services.securitytoken.model.Credentials;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The session of an IAM role, assumed with long-lived keys through STS and kept until shortly before it expires:
 * the aws-credentials plugin's own {@code getCredentials()} calls STS on every use, which a drain polling every few
 * seconds would turn into thousands of AssumeRole calls an hour. Only ever the keys it is given sign the AssumeRole
 * call, never the controller's own identity. Thread-safe.
 */
public final class AssumedRole implements AWSCredentialsProvider {

    /** A session this close to its expiry is renewed first, so no request is signed with one about to lapse. */
    static final Duration RENEW_BEFORE_EXPIRY = Duration.ofMinutes(5);
    static final String SESSION_NAME = "status-queue";

    private final AWSSecurityTokenService sts;
    private final AssumeRoleRequest request;
    private final Clock clock;
    private BasicSessionCredentials session;
    private Instant expiration = Instant.MIN;

    /**
     * @param keys            the access key pair allowed to assume the role
     * @param roleArn         the role
     * @param externalId      the external ID the role's trust policy asks for, blank for none
     * @param durationSeconds how long each session lasts (900 s to the role's maximum)
     * @param region          the region whose STS endpoint is asked
     * @param stsEndpoint     blank for the region's STS; otherwise the base URL of an STS-compatible server
     * @param proxy           the proxy on the way to STS, {@code null} for none
     */
    public AssumedRole(AWSCredentials keys, String roleArn, String externalId, int durationSeconds, String region,
            String stsEndpoint, HttpProxy proxy, Clock clock) {
        AWSSecurityTokenServiceClientBuilder builder = AWSSecurityTokenServiceClientBuilder.standard()
                .withCredentials(new AWSStaticCredentialsProvider(keys))
                .withClientConfiguration(HttpProxy.apply(proxy, new ClientConfiguration()
                        .withConnectionTimeout(10_000).withSocketTimeout(30_000).withRequestTimeout(30_000)));
        if (stsEndpoint == null || stsEndpoint.isBlank()) {
            builder.withRegion(region);
        } else {
            builder.withEndpointConfiguration(new AwsClientBuilder.EndpointConfiguration(stsEndpoint, region));
        }
        this.sts = builder.build();
        this.request = new AssumeRoleRequest().withRoleArn(roleArn).withRoleSessionName(SESSION_NAME)
                .withDurationSeconds(durationSeconds);
        if (externalId != null && !externalId.isBlank()) {
            request.setExternalId(externalId.trim());
        }
        this.clock = clock;
    }

    /** The current session, assumed anew when there is none or it expires within {@link #RENEW_BEFORE_EXPIRY}. */
    @Override
    public synchronized AWSCredentials getCredentials() {
        if (session == null || !clock.instant().isBefore(expiration.minus(RENEW_BEFORE_EXPIRY))) {
            Credentials credentials = sts.assumeRole(request.clone()).getCredentials();
            session = new BasicSessionCredentials(credentials.getAccessKeyId(), credentials.getSecretAccessKey(),
                    credentials.getSessionToken());
            expiration = credentials.getExpiration().toInstant();
        }
        return session;
    }

    /** Drops the session: the next use assumes the role again (the SDK calls this when AWS refuses a session). */
    @Override
    public synchronized void refresh() {
        session = null;
    }

    /** Ends the STS client. */
    public void shutdown() {
        sts.shutdown();
    }

    @Override
    public String toString() {
        return "role " + request.getRoleArn();
    }
}
