package io.jenkins.plugins.statusqueue.queue;

import static io.jenkins.plugins.statusqueue.http.HttpClientFactory.DIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.queue.QueueException.Kind;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator.Fault;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator.Stack;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import io.jenkins.plugins.statusqueue.sim.EmulatedStacks;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApiGatewayQueueSourceTest {

    /** A delivery no queue issued: SQS refuses to delete it. */
    private static final QueueMessage FORGED = new QueueMessage("forged", "not-a-receipt-handle", "", 1, null, Map.of());

    @RegisterExtension
    static final EmulatedStacks STACKS = new EmulatedStacks();

    private ElasticMq mq;
    private String queueUrl;
    private ApiGatewayEmulator gateway;

    private ApiGatewayQueueSource stack(Stack stack) throws IOException {
        gateway = STACKS.start(stack);
        mq = STACKS.mq();
        queueUrl = STACKS.queueUrl();
        return new ApiGatewayQueueSource(DIRECT, gateway.apiUrl(), ApiGatewayEmulator.API_KEY);
    }

    private ApiGatewayQueueSource source(String apiUrl, String key, Duration timeout, int visibilityTimeout) {
        return new ApiGatewayQueueSource(apiUrl, key, ApiGatewayQueueSource.newTransport(DIRECT), timeout,
                visibilityTimeout);
    }

    @Test
    void aStackTricklingItsAnswerIsCutOffByTheWholeExchangeDeadline() throws IOException {
        stack(Stack.IMPROVED);
        send(3);
        gateway.trickleNext(1, Duration.ofSeconds(60));
        ApiGatewayQueueSource source = source(gateway.apiUrl(), ApiGatewayEmulator.API_KEY, Duration.ofSeconds(1), 1);

        QueueException failure = assertThrows(QueueException.class, () -> source.receive(10, 0));

        assertEquals(QueueException.Kind.TIMEOUT, failure.kind());
        assertTrue(failure.getMessage().contains("no complete answer within 1 s"), failure.getMessage());
        assertEquals(3, mq.depth(queueUrl), "what the cut-off receive took stays in the queue");
    }

    private void send(int count) {
        for (int i = 0; i < count; i++) {
            mq.client().sendMessage(queueUrl, "event " + i);
        }
    }

    private int visible() {
        return attribute("ApproximateNumberOfMessages");
    }

    private int hidden() {
        return attribute("ApproximateNumberOfMessagesNotVisible");
    }

    private int attribute(String name) {
        return Integer.parseInt(mq.client().getQueueAttributes(queueUrl, List.of(name)).getAttributes().get(name));
    }

    private static QueueException failure(Kind kind, QueueCall call) {
        QueueException e = assertThrows(QueueException.class, call::run);
        assertEquals(kind, e.kind(), e.getMessage());
        assertFalse(e.getMessage().contains(ApiGatewayEmulator.API_KEY), e.getMessage());
        return e;
    }

    private interface QueueCall {
        void run() throws QueueException;
    }

    @Test
    void improvedStackReceivesBatchesOfTenWithAttributesAndDeletesInBatches() throws Exception {
        ApiGatewayQueueSource source = stack(Stack.IMPROVED);
        Instant before = Instant.now().minusSeconds(1);
        send(25);
        List<QueueMessage> received = new ArrayList<>();
        List<QueueMessage> batch;
        while (!(batch = source.receive(10, 0)).isEmpty()) {
            assertTrue(batch.size() <= 10);
            received.addAll(batch);
        }
        assertEquals(25, received.size());
        assertEquals(3, gateway.requests("GET /message") - 1, "batches of ten, then one empty answer");
        for (QueueMessage message : received) {
            assertEquals(1, message.receiveCount());
            assertNotNull(message.sentAt());
            assertFalse(message.sentAt().isBefore(before));
            assertTrue(message.body().startsWith("event "));
        }
        assertEquals(25, new HashSet<>(received.stream().map(QueueMessage::messageId).toList()).size());

        DeleteResult result = source.delete(received.subList(0, 10));
        assertEquals(10, result.deleted().size());
        assertTrue(result.failed().isEmpty());
        assertEquals(1, gateway.requests("POST /message/delete"));
        assertEquals(0, gateway.requests("DELETE /message"));
        assertEquals(15, hidden(), "nothing deleted that was not asked");
        assertEquals(15, source.delete(received.subList(10, 25)).deleted().size());
        assertEquals(3, gateway.requests("POST /message/delete"));
        assertEquals(0, visible() + hidden());
    }

    @Test
    void longPollWaitsForAMessageWithinTheRequestTimeout() throws Exception {
        stack(Stack.IMPROVED);
        // A request timeout shorter than the wait: the source must add the wait to it.
        ApiGatewayQueueSource source = source(gateway.apiUrl(), ApiGatewayEmulator.API_KEY, Duration.ofSeconds(1), 0);
        long start = System.nanoTime();
        assertEquals(List.of(), source.receive(10, 2));
        assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 1900, "the wait reached SQS");

        CompletableFuture.delayedExecutor(500, TimeUnit.MILLISECONDS).execute(() -> send(1));
        start = System.nanoTime();
        List<QueueMessage> received = source.receive(10, 5);
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(1, received.size());
        assertTrue(millis >= 400 && millis < 4500, millis + " ms");
    }

    @Test
    void originalStackGivesOneMessagePerGetAndDeletesOneByOne() throws Exception {
        ApiGatewayQueueSource source = stack(Stack.ORIGINAL);
        send(3);
        List<QueueMessage> first = source.receive(10, 0);
        assertEquals(1, first.size());
        assertEquals(0, first.get(0).receiveCount(), "the original stack asks for no attributes");
        assertNull(first.get(0).sentAt());

        DeleteResult result = source.delete(first);
        assertEquals(first, result.deleted());
        assertEquals(1, gateway.requests("POST /message/delete"), "tried once, answered Missing Authentication Token");
        assertEquals(1, gateway.requests("DELETE /message"));

        List<QueueMessage> rest = new ArrayList<>(source.receive(10, 0));
        rest.addAll(source.receive(10, 0));
        assertEquals(2, rest.size());
        assertEquals(2, source.delete(rest).deleted().size());
        assertEquals(1, gateway.requests("POST /message/delete"), "the fallback is remembered");
        assertEquals(3, gateway.requests("DELETE /message"));
        assertEquals(0, visible() + hidden());
    }

    @Test
    void partialBatchDeleteReportsEachFailedEntry() throws Exception {
        ApiGatewayQueueSource source = stack(Stack.IMPROVED);
        send(4);
        List<QueueMessage> received = source.receive(10, 1);
        assertEquals(4, received.size());

        DeleteResult result = source.delete(List.of(received.get(0), FORGED, received.get(1)));
        assertEquals(List.of(received.get(0), received.get(1)), result.deleted());
        assertEquals(Set.of(FORGED), result.failed().keySet());
        assertTrue(result.failed().get(FORGED).contains("ReceiptHandleIsInvalid"), result.failed().get(FORGED));
        assertEquals(2, hidden(), "the two messages not asked for are still there");
    }

    @Test
    void singleDeleteRefusedBySqsIsReportedForThatMessageOnly() throws Exception {
        ApiGatewayQueueSource source = stack(Stack.ORIGINAL);
        send(1);
        QueueMessage message = source.receive(1, 1).get(0);

        DeleteResult result = source.delete(List.of(FORGED, message));
        assertEquals(List.of(message), result.deleted());
        assertTrue(result.failed().get(FORGED).contains("ReceiptHandleIsInvalid"));
    }

    @Test
    void receiveCountGrowsOnRedelivery() throws Exception {
        stack(Stack.IMPROVED);
        ApiGatewayQueueSource source = source(gateway.apiUrl(), ApiGatewayEmulator.API_KEY, Duration.ofSeconds(5), 1);
        send(1);
        QueueMessage first = source.receive(10, 1).get(0);
        assertEquals(List.of(), source.receive(10, 0), "hidden for the visibility timeout the source asked for");
        QueueMessage again = source.receive(10, 3).get(0);
        assertEquals(first.messageId(), again.messageId());
        assertNotEquals(first.receiptHandle(), again.receiptHandle());
        assertEquals(2, again.receiveCount());
        assertEquals(first.sentAt(), again.sentAt());
    }

    @Test
    void wrongKeyIsAnAuthFailureThatNeverShowsTheKey() throws Exception {
        stack(Stack.IMPROVED);
        String wrongKey = "wrong-key-abcdef";
        ApiGatewayQueueSource source = source(gateway.apiUrl(), wrongKey, Duration.ofSeconds(5), 0);
        QueueException e = failure(Kind.AUTH, () -> source.receive(10, 0));
        assertTrue(e.getMessage().contains("403 Forbidden"), e.getMessage());
        assertFalse(e.getMessage().contains(wrongKey));
        assertFalse(source.describe().contains(wrongKey));
        failure(Kind.AUTH, source::probe);
        failure(Kind.AUTH, () -> source(gateway.apiUrl(), " ", Duration.ofSeconds(5), 0).receive(1, 0));
    }

    @Test
    void wrongStageOrPathIsAConfigurationFailure() throws Exception {
        stack(Stack.IMPROVED);
        String dev = gateway.apiUrl().replace(ApiGatewayEmulator.STAGE, "/dev");
        QueueException e = failure(Kind.CONFIG, () -> source(dev, ApiGatewayEmulator.API_KEY, Duration.ofSeconds(5), 0)
                .receive(10, 0));
        assertTrue(e.getMessage().contains("Missing Authentication Token"), e.getMessage());
        failure(Kind.CONFIG, () -> source(gateway.apiUrl() + "/message", ApiGatewayEmulator.API_KEY,
                Duration.ofSeconds(5), 0).receive(10, 0));
    }

    @Test
    void throttlingAndQuotaAreThrottledFailures() throws Exception {
        ApiGatewayQueueSource source = stack(Stack.IMPROVED);
        gateway.throttle(0.01, 1);
        source.receive(1, 0);
        QueueException throttled = failure(Kind.THROTTLED, () -> source.receive(1, 0));
        assertTrue(throttled.getMessage().contains("Too Many Requests"), throttled.getMessage());
        assertNull(throttled.retryAfter());

        ApiGatewayQueueSource other = stack(Stack.IMPROVED);
        gateway.failNext(1, Fault.throttled(Duration.ofSeconds(7)));
        assertEquals(Duration.ofSeconds(7), failure(Kind.THROTTLED, () -> other.receive(1, 0)).retryAfter());
        gateway.quota(1);
        other.receive(1, 0);
        assertTrue(failure(Kind.THROTTLED, () -> other.receive(1, 0)).getMessage().contains("quota"));
    }

    @Test
    void gatewayErrorsAreUnavailable() throws Exception {
        ApiGatewayQueueSource source = stack(Stack.IMPROVED);
        gateway.failNext(1, Fault.gateway(504));
        gateway.failNext(1, Fault.gateway(502));
        assertTrue(failure(Kind.UNAVAILABLE, () -> source.receive(1, 0)).getMessage().contains("timed out"));
        failure(Kind.UNAVAILABLE, () -> source.receive(1, 0));
        assertEquals(List.of(), source.receive(1, 0), "faults pass");
    }

    @Test
    void slowAndUnreachableGatewaysAreTimeouts() throws Exception {
        stack(Stack.IMPROVED);
        gateway.latency(Duration.ofSeconds(2));
        ApiGatewayQueueSource slow = source(gateway.apiUrl(), ApiGatewayEmulator.API_KEY, Duration.ofMillis(300), 0);
        assertTrue(failure(Kind.TIMEOUT, () -> slow.receive(1, 0)).getMessage().contains("no complete answer within "
                + "0.3 s"));

        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        ApiGatewayQueueSource unreachable = source("http://127.0.0.1:" + closedPort + "/prod",
                ApiGatewayEmulator.API_KEY, Duration.ofSeconds(2), 0);
        failure(Kind.TIMEOUT, () -> unreachable.receive(1, 0));
    }

    @Test
    void answersThatAreNotTheProtocolAreBadResponses() throws Exception {
        ApiGatewayQueueSource source = stack(Stack.IMPROVED);
        gateway.failNext(1, Fault.notJson());
        assertTrue(failure(Kind.BAD_RESPONSE, () -> source.receive(1, 0)).getMessage().contains("not JSON"));
        gateway.failNext(1, new Fault(200, "{\"ReceiveMessageResponse\":{\"ReceiveMessageResult\":{\"messages\":"
                + "[{\"Body\":\"no handle\",\"MessageId\":\"m\"}]}}}", Map.of()));
        failure(Kind.BAD_RESPONSE, () -> source.receive(1, 0));
        gateway.failNext(1, new Fault(200, "{\"something\":\"else\"}", Map.of()));
        failure(Kind.BAD_RESPONSE, () -> source.receive(1, 0));
        // A proxy that echoes the request must not leak the key into the message.
        gateway.failNext(1, new Fault(200, "echo X-Api-Key: " + ApiGatewayEmulator.API_KEY, Map.of()));
        assertTrue(failure(Kind.BAD_RESPONSE, () -> source.receive(1, 0)).getMessage().contains("****"));
    }

    @Test
    void sqsErrorDocumentInA200IsAQueueError() throws Exception {
        ApiGatewayQueueSource source = stack(Stack.IMPROVED);
        gateway.failNext(1, Fault.sqsError("AWS.SimpleQueueService.NonExistentQueue",
                "The specified queue does not exist for this wsdl version."));
        QueueException e = failure(Kind.QUEUE_ERROR, () -> source.receive(1, 0));
        assertTrue(e.getMessage().contains("AWS.SimpleQueueService.NonExistentQueue: The specified queue"),
                e.getMessage());

        send(2);
        List<QueueMessage> received = source.receive(10, 1);
        gateway.failNext(1, Fault.sqsError("AWS.SimpleQueueService.BatchEntryIdsNotDistinct", "Ids repeat"));
        failure(Kind.QUEUE_ERROR, () -> source.delete(received));
        assertEquals(2, hidden(), "nothing deleted");
    }

    @Test
    void attributesInTheQueryProtocolsListFormAreRead() throws Exception {
        ApiGatewayQueueSource source = stack(Stack.IMPROVED);
        gateway.failNext(1, new Fault(200, "{\"ReceiveMessageResponse\":{\"ReceiveMessageResult\":{\"messages\":[{"
                + "\"Attributes\":[{\"Name\":\"ApproximateReceiveCount\",\"Value\":\"3\"},"
                + "{\"Name\":\"SentTimestamp\",\"Value\":\"1700000000000\"},{\"Name\":\"SenderId\",\"Value\":\"AID\"}],"
                + "\"Body\":\"b\",\"MessageId\":\"m\",\"ReceiptHandle\":\"h\"}]},"
                + "\"ResponseMetadata\":{\"RequestId\":\"r\"}}}", Map.of()));
        QueueMessage message = source.receive(1, 0).get(0);
        assertEquals(3, message.receiveCount());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_000L), message.sentAt());
        assertEquals(Map.of("SenderId", "AID"), message.attributes());
    }

    @Test
    void transportFailureAfterSomeDeletesReportsTheRestAsFailed() throws Exception {
        ApiGatewayQueueSource source = stack(Stack.IMPROVED);
        send(15);
        List<QueueMessage> received = new ArrayList<>(source.receive(10, 1));
        received.addAll(source.receive(10, 1));
        assertEquals(15, received.size());
        gateway.failAfter(1, 1, Fault.gateway(503));

        DeleteResult result = source.delete(received);
        assertEquals(received.subList(0, 10), result.deleted());
        assertEquals(Set.copyOf(received.subList(10, 15)), result.failed().keySet());
        assertTrue(result.failed().values().iterator().next().contains("503"));
        assertEquals(5, hidden());

        gateway.failNext(1, Fault.gateway(503));
        failure(Kind.UNAVAILABLE, () -> source.delete(received.subList(10, 15)));
        assertEquals(5, hidden(), "nothing deleted when the first call fails");
    }

    @Test
    void probeReachesTheQueueWithoutHidingOrCountingAMessage() throws Exception {
        ApiGatewayQueueSource source = stack(Stack.IMPROVED);
        send(1);
        QueueProbe probe = source.probe();
        assertTrue(probe.description().contains("batch deletes"), probe.description());
        assertEquals(1, probe.approximateDepth(), "the bundled stack's GET /queue tells the depth");
        assertEquals(0, gateway.requests("GET /message"));
        assertEquals(1, visible());
        assertEquals(1, source.receive(1, 0).get(0).receiveCount());
        assertFalse(probe.description().contains(ApiGatewayEmulator.API_KEY));

        ApiGatewayQueueSource original = stack(Stack.ORIGINAL);
        QueueProbe originalProbe = original.probe();
        assertTrue(originalProbe.description().contains("original template"));
        assertEquals(-1, originalProbe.approximateDepth(), "an original stack cannot tell its depth");
        assertEquals(1, gateway.requests("DELETE /message"));

        ApiGatewayQueueSource broken = stack(Stack.IMPROVED);
        gateway.failNext(1, Fault.sqsError("AccessDenied", "Access to the resource is denied."));
        assertTrue(failure(Kind.QUEUE_ERROR, broken::probe).getMessage().contains("AccessDenied"));
    }

    @Test
    void describeNamesTheStageAndPostponeIsLeftToTheVisibilityTimeout() throws Exception {
        ApiGatewayQueueSource source = stack(Stack.IMPROVED);
        assertEquals("API Gateway " + gateway.apiUrl(), source.describe());
        assertEquals(10, source.maxBatchSize());
        send(1);
        QueueMessage message = source.receive(1, 1).get(0);
        source.postpone(message, 60);
        assertEquals(1, gateway.totalRequests(), "no request: the facade cannot change visibility");
    }

    @Test
    void refusesAUrlThatCannotWork() {
        assertThrows(IllegalArgumentException.class,
                () -> new ApiGatewayQueueSource(DIRECT, "http://abc.execute-api.eu-west-1.amazonaws.com/prod", "k"));
        assertThrows(IllegalArgumentException.class, () -> new ApiGatewayQueueSource(DIRECT, "", "k"));
    }

    @Test
    void aKeyThatCannotBeAHeaderIsAConfigurationProblemAndSendsNothing() throws Exception {
        ApiGatewayEmulator api = STACKS.start(Stack.IMPROVED);
        try (ApiGatewayQueueSource source = new ApiGatewayQueueSource(DIRECT, api.apiUrl(), "k\r\nX-Injected: 1")) {
            QueueException e = assertThrows(QueueException.class, () -> source.receive(10, 0));
            assertEquals(Kind.CONFIG, e.kind());
            assertTrue(e.getMessage().contains("characters a header cannot carry"), e.getMessage());
        }
        assertEquals(0, api.totalRequests());
    }
}
