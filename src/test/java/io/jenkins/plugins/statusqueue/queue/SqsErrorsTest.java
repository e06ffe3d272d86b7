package io.jenkins.plugins.statusqueue.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.SdkClientException;
import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SqsErrorsTest {

    private static final String CONTEXT = "Cannot receive from SQS queue https://sqs.us-east-1.amazonaws.com/1/q";

    @ParameterizedTest(name = "{0} (HTTP {1}) -> {2}")
    @CsvSource({
        "AccessDenied, 403, AUTH",
        "InvalidClientTokenId, 403, AUTH",
        "UnrecognizedClientException, 400, AUTH",
        "SignatureDoesNotMatch, 403, AUTH",
        "ExpiredToken, 400, AUTH",
        "KmsAccessDenied, 400, AUTH",
        "SomethingNew, 403, AUTH",
        "RequestThrottled, 403, THROTTLED",
        "ThrottlingException, 400, THROTTLED",
        "SlowDown, 503, THROTTLED",
        "SomethingNew, 429, THROTTLED",
        "AWS.SimpleQueueService.NonExistentQueue, 400, CONFIG",
        "QueueDoesNotExist, 400, CONFIG",
        "InvalidAddress, 404, CONFIG",
        "ServiceUnavailable, 503, UNAVAILABLE",
        "InternalFailure, 500, UNAVAILABLE",
        "InvalidParameterValue, 400, QUEUE_ERROR",
        "ReceiptHandleIsInvalid, 400, QUEUE_ERROR",
    })
    void mapsServiceErrors(String code, int status, QueueException.Kind kind) {
        AmazonServiceException e = new AmazonServiceException("what SQS said");
        e.setErrorCode(code);
        e.setStatusCode(status);

        QueueException mapped = SqsErrors.translate(CONTEXT, e);

        assertEquals(kind, mapped.kind());
        assertTrue(mapped.getMessage().startsWith(CONTEXT + ": " + code + " (HTTP " + status + ") what SQS said"),
                mapped.getMessage());
        assertEquals(e, mapped.getCause());
    }

    @Test
    void connectionFailuresAreTimeoutsAndMissingCredentialsAreAuth() {
        QueueException timeout = SqsErrors.translate(CONTEXT,
                new SdkClientException("Unable to execute HTTP request: Read timed out"));
        assertEquals(QueueException.Kind.TIMEOUT, timeout.kind());
        assertTrue(timeout.getMessage().contains("Read timed out"), timeout.getMessage());

        QueueException missing = SqsErrors.translate(CONTEXT, new SdkClientException(
                "Unable to load AWS credentials from any provider in the chain: [...]"));
        assertEquals(QueueException.Kind.AUTH, missing.kind());
        assertFalse(missing.kind().isTransient());
    }

    /** The SDK's own parsing of an SQS (JSON protocol) error answer, from a server that refuses the key. */
    @Test
    void refusedCredentialsFromTheWireAreAuthWithoutTheSecret() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            byte[] body = ("{\"__type\":\"com.amazon.coral.service#UnrecognizedClientException\","
                    + "\"message\":\"The security token included in the request is invalid.\"}")
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.0");
            exchange.getResponseHeaders().add("x-amzn-query-error", "InvalidClientTokenId;Sender");
            exchange.sendResponseHeaders(403, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        String endpoint = "http://127.0.0.1:" + server.getAddress().getPort();
        String secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
        try (SqsQueueSource source = new SqsQueueSource(SqsQueueSource.newClient("us-east-1", endpoint,
                new AWSStaticCredentialsProvider(new BasicAWSCredentials("AKIAIOSFODNN7EXAMPLE", secret)), null),
                endpoint + "/123456789012/q", 30)) {
            QueueException refused = assertThrows(QueueException.class, source::probe);
            assertEquals(QueueException.Kind.AUTH, refused.kind());
            assertTrue(refused.getMessage().contains("InvalidClientTokenId"), refused.getMessage());
            assertFalse(refused.getMessage().contains(secret), refused.getMessage());
        } finally {
            server.stop(0);
        }
    }
}
