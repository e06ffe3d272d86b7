package io.jenkins.plugins.statusqueue.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.auth.AWSSessionCredentials;
import com.amazonaws.auth.BasicAWSCredentials;
import io.jenkins.plugins.statusqueue.sim.MovableClock;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.Test;

/** The role's session against an STS stand-in that answers AssumeRole as AWS does (MockWebServer). */
class AssumedRoleTest {

    private static final String ROLE = "arn:aws:iam::123456789012:role/buildkite-events-reader";

    private static MockResponse session(int number, Instant expiration) {
        return new MockResponse().setHeader("Content-Type", "text/xml").setBody(
                "<AssumeRoleResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\"><AssumeRoleResult>"
                + "<Credentials><AccessKeyId>ASIASESSION" + number + "</AccessKeyId>"
                + "<SecretAccessKey>session-secret-" + number + "</SecretAccessKey>"
                + "<SessionToken>token-" + number + "</SessionToken>"
                + "<Expiration>" + expiration + "</Expiration></Credentials>"
                + "<AssumedRoleUser><AssumedRoleId>AROAEXAMPLE:status-queue</AssumedRoleId>"
                + "<Arn>arn:aws:sts::123456789012:assumed-role/buildkite-events-reader/status-queue</Arn>"
                + "</AssumedRoleUser></AssumeRoleResult>"
                + "<ResponseMetadata><RequestId>r" + number + "</RequestId></ResponseMetadata></AssumeRoleResponse>");
    }

    @Test
    void assumesTheRoleWithTheGivenKeysAndKeepsTheSessionUntilShortlyBeforeItExpires() throws Exception {
        MovableClock clock = new MovableClock(Instant.parse("2026-12-02T08:00:00Z"));
        try (MockWebServer sts = new MockWebServer()) {
            sts.enqueue(session(1, clock.instant().plus(Duration.ofHours(1))));
            sts.enqueue(session(2, clock.instant().plus(Duration.ofHours(2))));
            sts.enqueue(session(3, clock.instant().plus(Duration.ofHours(3))));
            AssumedRole role = new AssumedRole(new BasicAWSCredentials("AKIAKEYSOFJENKINS", "long-lived-secret"),
                    ROLE, "external-42", 3600, "eu-west-1", sts.url("/").toString(), null, clock);

            AWSSessionCredentials first = (AWSSessionCredentials) role.getCredentials();
            assertEquals("ASIASESSION1", first.getAWSAccessKeyId());
            assertEquals("token-1", first.getSessionToken());
            RecordedRequest assume = sts.takeRequest();
            String form = URLDecoder.decode(assume.getBody().readUtf8(), StandardCharsets.UTF_8);
            assertTrue(form.contains("Action=AssumeRole"), form);
            assertTrue(form.contains("RoleArn=" + ROLE), form);
            assertTrue(form.contains("RoleSessionName=status-queue"), form);
            assertTrue(form.contains("ExternalId=external-42"), form);
            assertTrue(form.contains("DurationSeconds=3600"), form);
            assertTrue(assume.getHeader("Authorization").contains("Credential=AKIAKEYSOFJENKINS/"),
                    "signed with the credential's keys, never the controller's identity");

            clock.advance(Duration.ofMinutes(54));
            assertSame(first, role.getCredentials(), "the session is kept");
            assertEquals(1, sts.getRequestCount());

            clock.advance(Duration.ofMinutes(2));
            assertEquals("ASIASESSION2", role.getCredentials().getAWSAccessKeyId(), "renewed 5 minutes before expiry");
            assertEquals(2, sts.getRequestCount());

            role.refresh();
            assertEquals("ASIASESSION3", role.getCredentials().getAWSAccessKeyId(), "renewed when AWS refused it");
            assertEquals(3, sts.getRequestCount());
            role.shutdown();
        }
    }
}
