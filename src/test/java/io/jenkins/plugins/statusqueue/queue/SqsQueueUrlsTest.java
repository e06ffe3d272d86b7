package io.jenkins.plugins.statusqueue.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SqsQueueUrlsTest {

    @ParameterizedTest
    @CsvSource({
        "https://sqs.us-east-1.amazonaws.com/123456789012/build-events, us-east-1",
        "https://sqs.eu-west-2.amazonaws.com/123456789012/build_events.fifo, eu-west-2",
        "https://sqs.cn-north-1.amazonaws.com.cn/123456789012/q, cn-north-1",
        "https://sqs-fips.us-gov-west-1.amazonaws.com/123456789012/q, us-gov-west-1",
        "https://vpce-0a1b2c3d-4e5f6a7b.sqs.ap-southeast-2.vpce.amazonaws.com/123456789012/q, ap-southeast-2",
        "https://us-west-2.queue.amazonaws.com/123456789012/q, us-west-2",
        "https://queue.amazonaws.com/123456789012/q, us-east-1",
        "  https://SQS.us-east-1.amazonaws.com/123456789012/q  , us-east-1",
    })
    void acceptsAmazonQueueUrlsAndReadsTheirRegion(String url, String region) {
        assertEquals(FieldCheck.ok(), SqsQueueUrls.check(url, region));
        assertEquals(FieldCheck.ok(), SqsQueueUrls.check(url, ""));
        assertEquals(Optional.of(region), SqsQueueUrls.regionOf(url));
    }

    @Test
    void aRegionThatDiffersFromTheUrlIsAnError() {
        FieldCheck check = SqsQueueUrls.check("https://sqs.us-east-1.amazonaws.com/123456789012/q", "eu-west-1");
        assertTrue(check.isError());
        assertTrue(check.message().contains("us-east-1") && check.message().contains("eu-west-1"), check.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "   ",
        "not a url",
        "sqs.us-east-1.amazonaws.com/123456789012/q",
        "ftp://sqs.us-east-1.amazonaws.com/123456789012/q",
        "http://sqs.us-east-1.amazonaws.com/123456789012/q",
        "https://sqs.us-east-1.amazonaws.com/12345/q",
        "https://sqs.us-east-1.amazonaws.com/123456789012/",
        "https://sqs.us-east-1.amazonaws.com/123456789012/q/extra",
        "https://sqs.us-east-1.amazonaws.com/123456789012/bad.name",
        "https://sqs.us-east-1.amazonaws.com/123456789012/q?Action=ReceiveMessage",
        "https://AKIA:secret@sqs.us-east-1.amazonaws.com/123456789012/q",
        "https://sqs.us-east-1.amazonaws.com/123456789012/"
                + "a12345678901234567890123456789012345678901234567890123456789012345678901234567890",
    })
    void rejectsWhatCannotBeAQueueUrl(String url) {
        assertTrue(SqsQueueUrls.check(url, "us-east-1").isError(), url);
    }

    @Test
    void eightyCharacterNamesIncludeTheFifoSuffix() {
        String base = "https://sqs.us-east-1.amazonaws.com/123456789012/";
        assertEquals(FieldCheck.ok(), SqsQueueUrls.check(base + "q".repeat(75) + ".fifo", ""));
        assertTrue(SqsQueueUrls.check(base + "q".repeat(76) + ".fifo", "").isError());
    }

    @Test
    void otherHostsWorkOnlyWithAnEndpointOverride() {
        FieldCheck check = SqsQueueUrls.check("http://127.0.0.1:9324/000000000000/build-events", "us-east-1");
        assertEquals(FieldCheck.Level.WARNING, check.level());
        assertTrue(check.message().contains("endpoint override"), check.message());
        assertEquals(Optional.empty(), SqsQueueUrls.regionOf("http://127.0.0.1:9324/000000000000/build-events"));
    }

    @Test
    void theRegionMayBeLeftToTheQueueUrl() {
        String url = "https://sqs.eu-central-1.amazonaws.com/123456789012/q";
        assertEquals(FieldCheck.Level.OK, SqsQueueUrls.checkRegion("", url).level());
        assertTrue(SqsQueueUrls.checkRegion("", url).message().contains("eu-central-1"));
        assertEquals(Optional.of("eu-central-1"), SqsQueueUrls.signingRegion(" ", url));
        assertEquals(Optional.of("us-east-1"), SqsQueueUrls.signingRegion("us-east-1", "http://localhost:9324/1/q"));

        assertTrue(SqsQueueUrls.checkRegion("", "http://localhost:9324/000000000000/q").isError());
        assertEquals(Optional.empty(), SqsQueueUrls.signingRegion("", "http://localhost:9324/000000000000/q"));
        assertTrue(SqsQueueUrls.checkRegion("US East", url).isError());
        assertEquals(FieldCheck.ok(), SqsQueueUrls.checkRegion("us-gov-west-1", url));
    }

    @Test
    void checksTheEndpointOverride() {
        assertEquals(FieldCheck.ok(), SqsQueueUrls.checkEndpointOverride(" "));
        assertEquals(FieldCheck.Level.OK, SqsQueueUrls.checkEndpointOverride(
                "https://vpce-0a1b2c3d-4e5f6a7b.sqs.us-east-1.vpce.amazonaws.com").level());
        assertEquals(FieldCheck.Level.OK, SqsQueueUrls.checkEndpointOverride("http://localhost:9324").level());
        assertEquals(FieldCheck.Level.WARNING,
                SqsQueueUrls.checkEndpointOverride("http://sqs.internal.example:9324").level());
        assertTrue(SqsQueueUrls.checkEndpointOverride("localhost:9324").isError());
        assertTrue(SqsQueueUrls.checkEndpointOverride("https://user:pw@sqs.internal.example").isError());
    }

    @Test
    void onlyHttpsAddressesOfAmazonSqsAreAmazonSqs() {
        assertTrue(SqsQueueUrls.isAmazonSqs("https://sqs.eu-west-1.amazonaws.com/123456789012/builds"));
        assertTrue(SqsQueueUrls.isAmazonSqs("https://vpce-0abc-defg.sqs.eu-west-1.vpce.amazonaws.com"));
        assertTrue(SqsQueueUrls.isAmazonSqs("https://queue.amazonaws.com/123456789012/builds"));
        assertFalse(SqsQueueUrls.isAmazonSqs("http://sqs.eu-west-1.amazonaws.com/123456789012/builds"));
        assertFalse(SqsQueueUrls.isAmazonSqs("https://sqs.eu-west-1.amazonaws.com.evil.example/1/builds"));
        assertFalse(SqsQueueUrls.isAmazonSqs("https://user@sqs.eu-west-1.amazonaws.com/123456789012/builds"));
        assertFalse(SqsQueueUrls.isAmazonSqs("http://127.0.0.1:9324/000000000000/builds"));
        assertFalse(SqsQueueUrls.isAmazonSqs("not a url"));
    }
}
