package io.jenkins.plugins.statusqueue.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator.Mode;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The facade transport against ElasticMQ behind the API Gateway emulator, for both stack templates. */
class ApiGatewayQueueSourceTest {

    private static ElasticMq mq;
    private static int queues;
    private String queueUrl;
    private ApiGatewayEmulator gateway;

    @BeforeAll
    static void startQueue() {
        mq = ElasticMq.start();
    }

    @AfterAll
    static void stopQueue() {
        mq.close();
    }

    @AfterEach
    void stopGateway() {
        gateway.close();
    }

    private ApiGatewayQueueSource source(Mode mode, String... queueAttributes) throws Exception {
        queueUrl = mq.client().createQueue(new com.amazonaws.services.sqs.model.CreateQueueRequest("facade-" + queues++)
                .withAttributes(Map.of("VisibilityTimeout", queueAttributes.length > 0 ? queueAttributes[0] : "30")))
                .getQueueUrl();
        gateway = ApiGatewayEmulator.start(mq.client(), queueUrl, mode);
        return new ApiGatewayQueueSource(gateway.apiUrl() + "/", ApiGatewayEmulator.API_KEY);
    }

    private void send(int count) {
        for (int i = 0; i < count; i++) {
            mq.client().sendMessage(queueUrl, "event " + i);
        }
    }

    private int depth() {
        return mq.client().getQueueAttributes(queueUrl, List.of("ApproximateNumberOfMessages",
                "ApproximateNumberOfMessagesNotVisible")).getAttributes().values().stream()
                .mapToInt(Integer::parseInt).sum();
    }

    @Test
    void receivesAndDeletesInBatchesOnTheBundledStack() throws Exception {
        ApiGatewayQueueSource source = source(Mode.BUNDLED);
        send(25);

        List<QueueMessage> batch = source.receive(10, 0);

        assertEquals(10, batch.size());
        QueueMessage first = batch.get(0);
        assertEquals(1, first.receiveCount());
        assertNotNull(first.sentAt());
        assertNotNull(first.messageId());
        assertTrue(first.body().startsWith("event "));
        DeleteResult deleted = source.delete(batch);
        assertEquals(10, deleted.deleted().size());
        assertEquals(Map.of(), deleted.failed());
        assertEquals(1, gateway.requests("POST /message/delete"));
        assertEquals(0, gateway.requests("DELETE /message"));
        assertEquals(15, depth());
    }

    @Test
    void worksWithAStackOfTheOriginalTemplate() throws Exception {
        ApiGatewayQueueSource source = source(Mode.ORIGINAL);
        send(3);

        List<QueueMessage> first = source.receive(10, 5);
        assertEquals(1, first.size(), "the original stack gives one message per GET");
        assertEquals(first, source.delete(first).deleted());
        List<QueueMessage> next = new ArrayList<>(source.receive(10, 0));
        next.addAll(source.receive(10, 0));
        assertEquals(2, source.delete(next).deleted().size());

        assertEquals(0, depth());
        assertEquals(3, gateway.requests("DELETE /message"));
        assertEquals(0, gateway.requests("POST /message/delete"), "the missing route is only asked for once");
    }

    @Test
    void reportsEachEntryOfAPartlyFailedBatchDelete() throws Exception {
        ApiGatewayQueueSource source = source(Mode.BUNDLED);
        send(2);
        List<QueueMessage> batch = new ArrayList<>(source.receive(10, 0));
        QueueMessage stale = new QueueMessage("x", "not-a-receipt-handle", "", 1, null, null);
        batch.add(stale);

        DeleteResult result = source.delete(batch);

        assertEquals(2, result.deleted().size());
        assertEquals(List.of(stale), List.copyOf(result.failed().keySet()));
        assertEquals(0, depth());
    }

    @Test
    void longPollsAnEmptyQueueUntilAMessageArrives() throws Exception {
        ApiGatewayQueueSource source = source(Mode.BUNDLED);
        long started = System.nanoTime();
        assertEquals(List.of(), source.receive(10, 1));
        assertTrue(System.nanoTime() - started >= 900_000_000L, "the receive waited for the long poll");

        Thread sender = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            send(1);
        });
        sender.start();
        assertEquals(1, source.receive(10, 5).size());
        sender.join();
    }

    @Test
    void aMessageNotDeletedComesBackWithAHigherReceiveCount() throws Exception {
        ApiGatewayQueueSource source = source(Mode.BUNDLED, "1");
        send(1);
        assertEquals(1, source.receive(10, 0).get(0).receiveCount());
        List<QueueMessage> again = source.receive(10, 3);
        assertEquals(1, again.size());
        assertEquals(2, again.get(0).receiveCount());
    }

    @Test
    void tellsEachFailureApartAndNeverShowsTheKey() throws Exception {
        ApiGatewayQueueSource source = source(Mode.BUNDLED);
        assertKind(QueueException.Kind.AUTH, new ApiGatewayQueueSource(gateway.apiUrl(), "wrong-key"));
        assertKind(QueueException.Kind.CONFIG, new ApiGatewayQueueSource(gateway.apiUrl() + "/staging",
                ApiGatewayEmulator.API_KEY));
        gateway.failNext(502);
        assertKind(QueueException.Kind.UNAVAILABLE, source);
        gateway.failNext(504);
        assertKind(QueueException.Kind.UNAVAILABLE, source);
        gateway.failNext(ApiGatewayEmulator.SQS_ERROR);
        QueueException sqsError = assertKind(QueueException.Kind.QUEUE_ERROR, source);
        assertTrue(sqsError.getMessage().contains("NonExistentQueue"), sqsError.getMessage());
        gateway.failNext(ApiGatewayEmulator.NOT_JSON);
        assertKind(QueueException.Kind.BAD_RESPONSE, source);
        gateway.setBurstLimit(0);
        assertKind(QueueException.Kind.THROTTLED, source);
        gateway.setBurstLimit(Integer.MAX_VALUE);
        assertKind(QueueException.Kind.TIMEOUT, new ApiGatewayQueueSource("http://127.0.0.1:1/prod",
                ApiGatewayEmulator.API_KEY));
        assertFalse(source.describe().contains(ApiGatewayEmulator.API_KEY));
        assertEquals(List.of(), source.receive(10, 0), "the source works again after the faults");
    }

    private static QueueException assertKind(QueueException.Kind kind, ApiGatewayQueueSource source) {
        QueueException failure = assertThrows(QueueException.class, () -> source.receive(10, 0));
        assertEquals(kind, failure.kind(), failure.getMessage());
        assertFalse(failure.getMessage().contains(ApiGatewayEmulator.API_KEY), failure.getMessage());
        return failure;
    }

    @Test
    void theConnectionTestTouchesNoMessage() throws Exception {
        ApiGatewayQueueSource source = source(Mode.ORIGINAL);
        send(1);
        QueueProbe probe = source.probe();
        assertTrue(probe.description().contains("Reached"), probe.description());
        assertEquals(0, gateway.requests("GET /message"));
        assertEquals(1, depth());
        assertEquals(QueueException.Kind.AUTH, assertThrows(QueueException.class,
                () -> new ApiGatewayQueueSource(gateway.apiUrl(), "wrong").probe()).kind());
    }

    @Test
    void theEmulatorAnswersBadParametersAsTheStackDoesWithAnSqsErrorIn200() throws Exception {
        source(Mode.BUNDLED);
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(gateway.apiUrl()
                        + "/message?MaxNumberOfMessages=11")).header("X-Api-Key", ApiGatewayEmulator.API_KEY)
                        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("\"Code\":\"InvalidParameterValue\""), response.body());
    }
}
