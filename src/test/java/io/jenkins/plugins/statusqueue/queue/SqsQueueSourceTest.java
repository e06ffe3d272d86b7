package io.jenkins.plugins.statusqueue.queue;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import com.amazonaws.services.sqs.AbstractAmazonSQS;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.model.ChangeMessageVisibilityRequest;
import com.amazonaws.services.sqs.model.ChangeMessageVisibilityResult;
import com.amazonaws.services.sqs.model.ReceiveMessageRequest;
import com.amazonaws.services.sqs.model.SendMessageRequest;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import io.jenkins.plugins.statusqueue.sim.TricklingServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SqsQueueSourceTest {

    private static final AtomicInteger QUEUES = new AtomicInteger();
    private static ElasticMq mq;

    @BeforeAll
    static void startElasticMq() {
        mq = ElasticMq.start();
    }

    @AfterAll
    static void stopElasticMq() {
        mq.close();
    }

    @Test
    void receivesAtMostTenAndDeletesInBatchesOfTen() throws Exception {
        String url = mq.createQueue(uniqueName("batches"));
        Instant before = Instant.now().minusSeconds(1);
        for (int i = 0; i < 25; i++) {
            mq.client().sendMessage(url, "event " + i);
        }
        try (SqsQueueSource source = source(url, 30)) {
            List<QueueMessage> received = new ArrayList<>();
            while (received.size() < 25) {
                List<QueueMessage> batch = source.receive(50, 1);
                assertFalse(batch.isEmpty(), "queue ran dry after " + received.size());
                assertTrue(batch.size() <= 10, "batch of " + batch.size());
                received.addAll(batch);
            }
            QueueMessage first = received.get(0);
            assertEquals(1, first.receiveCount());
            assertTrue(first.sentAt().isAfter(before) && !first.sentAt().isAfter(Instant.now()), first.sentAt()
                    + " is not the send time");
            assertFalse(first.attributes().containsKey(SqsQueueSource.RECEIVE_COUNT), "mapped attributes stay out");

            DeleteResult result = source.delete(received);

            assertEquals(25, result.deleted().size());
            assertEquals(Map.of(), result.failed());
            assertEquals(0, source.probe().approximateDepth());
            assertEquals(0, inFlight(url));
        }
    }

    @Test
    void longPollWaitsOnAnEmptyQueueAndReturnsWhenAMessageArrives() throws Exception {
        String url = mq.createQueue(uniqueName("long-poll"));
        try (SqsQueueSource source = source(url, 30)) {
            long started = System.nanoTime();
            assertEquals(List.of(), source.receive(10, 2));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertTrue(waited >= 1_800, "returned after " + waited + " ms instead of waiting about 2 s");

            CompletableFuture.runAsync(() -> mq.client().sendMessage(url, "late"),
                    CompletableFuture.delayedExecutor(700, TimeUnit.MILLISECONDS));
            started = System.nanoTime();
            List<QueueMessage> received = source.receive(10, 15);
            waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(List.of("late"), bodies(received));
            assertTrue(waited < 5_000, "the message arrived after 0.7 s but the receive took " + waited + " ms");
        }
    }

    @Test
    void redeliversAfterTheVisibilityTimeoutWithAGrowingReceiveCount() throws Exception {
        String url = mq.createQueue(uniqueName("redelivery"));
        mq.client().sendMessage(url, "flaky");
        try (SqsQueueSource source = source(url, 1)) {
            QueueMessage first = single(source.receive(10, 1));
            assertEquals(List.of(), source.receive(10, 0), "hidden while in flight");

            QueueMessage second = single(source.receive(10, 5));

            assertEquals(first.messageId(), second.messageId());
            assertNotEquals(first.receiptHandle(), second.receiptHandle());
            assertEquals(1, first.receiveCount());
            assertEquals(2, second.receiveCount());
            assertEquals(first.sentAt(), second.sentAt());
        }
    }

    @Test
    void batchDeleteReportsTheBadEntryAndDeletesTheOthers() throws Exception {
        String url = mq.createQueue(uniqueName("partial-delete"));
        for (int i = 0; i < 3; i++) {
            mq.client().sendMessage(url, "event " + i);
        }
        try (SqsQueueSource source = source(url, 30)) {
            List<QueueMessage> received = receiveAll(source, 3);
            QueueMessage bogus = new QueueMessage("bogus-id", "not-a-receipt-handle", "", 1, null, Map.of());
            List<QueueMessage> toDelete = new ArrayList<>(received);
            toDelete.add(1, bogus);

            DeleteResult result = source.delete(toDelete);

            assertEquals(Set.copyOf(received), Set.copyOf(result.deleted()));
            assertEquals(Set.of(bogus), result.failed().keySet());
            assertTrue(result.failed().get(bogus).startsWith("ReceiptHandleIsInvalid"), result.failed().get(bogus));
            assertEquals(0, source.probe().approximateDepth());
            assertEquals(0, inFlight(url));
        }
    }

    @Test
    void fifoQueueKeepsEachGroupInOrder() throws Exception {
        String url = mq.createFifoQueue(uniqueName("fifo-order"));
        for (int i = 0; i < 6; i++) {
            sendToGroup(url, "a", "a" + i);
            sendToGroup(url, "b", "b" + i);
        }
        try (SqsQueueSource source = source(url, 30)) {
            Map<String, List<String>> byGroup = new LinkedHashMap<>();
            int received = 0;
            while (received < 12) {
                List<QueueMessage> batch = source.receive(10, 1);
                assertFalse(batch.isEmpty(), "only " + received + " of 12 arrived");
                for (QueueMessage message : batch) {
                    byGroup.computeIfAbsent(message.attributes().get("MessageGroupId"), group -> new ArrayList<>())
                            .add(message.body());
                    assertTrue(message.attributes().containsKey("MessageDeduplicationId"),
                            message.attributes()::toString);
                }
                received += batch.size();
                // While a batch is in flight its groups are held back; deleting it releases them.
                assertEquals(batch.size(), source.delete(batch).deleted().size());
            }
            assertEquals(Map.of("a", List.of("a0", "a1", "a2", "a3", "a4", "a5"),
                    "b", List.of("b0", "b1", "b2", "b3", "b4", "b5")), byGroup);
        }
    }

    @Test
    void postponeOnFifoHoldsTheGroupOnlyForTheDelay() throws Exception {
        String url = mq.createFifoQueue(uniqueName("fifo-postpone"));
        sendToGroup(url, "pipeline", "first");
        sendToGroup(url, "pipeline", "second");
        sendToGroup(url, "other", "unrelated");
        try (SqsQueueSource source = source(url, 30)) {
            QueueMessage first = single(source.receive(1, 1));
            assertEquals("first", first.body());

            source.postpone(first, 1);
            long postponedAt = System.nanoTime();

            assertEquals(List.of("unrelated"), bodies(source.receive(10, 0)),
                    "the group waits behind its postponed head; other groups do not");
            QueueMessage again = source.receive(1, 10).get(0);
            long held = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - postponedAt);
            assertEquals("first", again.body(), "the postponed message comes back first");
            assertEquals(2, again.receiveCount());
            assertTrue(held >= 700 && held < 5_000, "group held " + held + " ms for a 1 s postpone (visibility 30 s)");
        }
    }

    @Test
    void postponeHidesAStandardMessageForTheDelay() throws Exception {
        String url = mq.createQueue(uniqueName("postpone"));
        mq.client().sendMessage(url, "retry me");
        try (SqsQueueSource source = source(url, 30)) {
            QueueMessage message = single(source.receive(10, 1));
            source.postpone(message, 1);
            assertEquals(List.of(), source.receive(10, 0));
            long started = System.nanoTime();
            QueueMessage again = single(source.receive(10, 10));
            long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
            assertEquals(message.messageId(), again.messageId());
            assertTrue(waited < 5_000, "reappeared after " + waited + " ms, not after the 1 s delay");
        }
    }

    /** ElasticMQ accepts any visibility; SQS rejects one that ends more than 12 hours after the receive. */
    @Test
    void postponeStaysWithinTwelveHoursOfTheReceive() throws QueueException {
        List<Integer> requested = new ArrayList<>();
        AmazonSQS recorder = new AbstractAmazonSQS() {
            @Override
            public ChangeMessageVisibilityResult changeMessageVisibility(ChangeMessageVisibilityRequest request) {
                requested.add(request.getVisibilityTimeout());
                return new ChangeMessageVisibilityResult();
            }
        };
        QueueMessage message = new QueueMessage("id", "handle", "", 1, null, Map.of());
        SqsQueueSource source = new SqsQueueSource(recorder, "https://sqs.us-east-1.amazonaws.com/1/q", 300);

        source.postpone(message, 600);
        source.postpone(message, 86_400);
        source.postpone(message, -5);

        assertEquals(List.of(600, 12 * 3600 - 300, 0), requested);
    }

    @Test
    void movesAMessageToTheDeadLetterQueueAfterMaxReceives() throws Exception {
        String deadLetters = mq.createQueue(uniqueName("dead-letters"));
        String url = mq.createQueueWithDeadLetterQueue(uniqueName("with-dlq"), deadLetters, 2);
        mq.client().sendMessage(url, "poison");
        try (SqsQueueSource source = source(url, 1)) {
            assertTrue(source.probe().description().contains("after 2 receives"), source.probe().description());
            assertEquals(1, single(source.receive(10, 1)).receiveCount());
            assertEquals(2, single(source.receive(10, 5)).receiveCount());

            assertEquals(List.of(), source.receive(10, 3), "a third receive finds it moved away");
            var moved = mq.client().receiveMessage(new ReceiveMessageRequest(deadLetters).withWaitTimeSeconds(1));
            assertEquals("poison", moved.getMessages().get(0).getBody());
        }
    }

    @Test
    void probeDescribesFifoAndTheDeadLetterQueue() throws Exception {
        String fifo = mq.createFifoQueue(uniqueName("probe"));
        sendToGroup(fifo, "g", "one");
        sendToGroup(fifo, "g", "two");
        try (SqsQueueSource source = source(fifo, 30)) {
            QueueProbe probe = source.probe();
            assertEquals(2, probe.approximateDepth());
            assertTrue(probe.description().startsWith("FIFO SQS queue " + fifo), probe.description());
            assertTrue(probe.description().contains("no dead-letter queue"), probe.description());
            assertEquals(fifo, source.describe());
        }
    }

    @Test
    void aQueueThatDoesNotExistIsAConfigurationError() {
        String url = mq.endpoint() + "/000000000000/" + uniqueName("missing");
        try (SqsQueueSource source = source(url, 30)) {
            QueueException receive = assertThrows(QueueException.class, () -> source.receive(10, 0));
            assertEquals(QueueException.Kind.CONFIG, receive.kind());
            assertTrue(receive.getMessage().contains(url), receive.getMessage());
            assertEquals(QueueException.Kind.CONFIG, assertThrows(QueueException.class, source::probe).kind());
            QueueMessage stale = new QueueMessage("id", "handle", "", 1, null, Map.of());
            assertEquals(QueueException.Kind.CONFIG,
                    assertThrows(QueueException.class, () -> source.delete(List.of(stale))).kind());
        }
    }

    @Test
    void endpointOverrideReceivesRequestsForAnAmazonQueueUrl() throws Exception {
        String name = uniqueName("override");
        mq.createQueue(name);
        String awsUrl = "https://sqs.us-east-1.amazonaws.com/000000000000/" + name;
        try (SqsQueueSource source = new SqsQueueSource(SqsQueueSource.newClient("us-east-1", mq.endpoint(),
                credentials(), null), awsUrl, 30)) {
            mq.client().sendMessage(mq.endpoint() + "/000000000000/" + name, "via override");
            QueueMessage message = single(source.receive(10, 1));
            assertEquals("via override", message.body());
            assertEquals(1, source.delete(List.of(message)).deleted().size());
            assertEquals(awsUrl, source.describe());
        }
    }

    @Test
    void theProbeSaysWhoSignedAndTheSourceEndsWhatItWasGivenToEnd() {
        String url = mq.createQueue(uniqueName("identity"));
        AtomicBoolean stsEnded = new AtomicBoolean();
        try (SqsQueueSource source = new SqsQueueSource(SqsQueueSource.newClient(ElasticMq.REGION, mq.endpoint(),
                credentials(), null), url, 30, "role arn:aws:iam::123456789012:role/reader",
                () -> stsEnded.set(true))) {
            String said = assertDoesNotThrow(source::probe).description();
            assertTrue(said.contains(url + " (as role arn:aws:iam::123456789012:role/reader): about 0 messages"), said);
            assertFalse(said.contains(ElasticMq.SECRET_KEY));
        }
        assertTrue(stsEnded.get());
    }

    @Test
    void anUnreachableServerIsATimeout() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        String endpoint = "http://127.0.0.1:" + closedPort;
        try (SqsQueueSource source = new SqsQueueSource(SqsQueueSource.newClient("us-east-1", endpoint,
                credentials(), null), endpoint + "/000000000000/nowhere", 30)) {
            QueueException failure = assertThrows(QueueException.class, () -> source.receive(10, 0));
            assertEquals(QueueException.Kind.TIMEOUT, failure.kind());
            assertTrue(failure.kind().isTransient());
        }
    }

    @Test
    void aServerTricklingItsAnswerIsCutOffByTheWholeRequestDeadline() {
        String answer = "<ReceiveMessageResponse><ReceiveMessageResult></ReceiveMessageResult></ReceiveMessageResponse>";
        try (TricklingServer trickling = TricklingServer.start("text/xml", answer, Duration.ofSeconds(60));
                SqsQueueSource source = new SqsQueueSource(SqsQueueSource.newClient("us-east-1", trickling.url(),
                        credentials(), null, 1000), trickling.url() + "/000000000000/slow", 30)) {
            QueueException failure = assertThrows(QueueException.class, () -> source.receive(10, 0));
            assertEquals(QueueException.Kind.TIMEOUT, failure.kind());
            assertTrue(failure.getMessage().contains("timeout"), failure.getMessage());
        }
    }

    private static SqsQueueSource source(String url, int visibilityTimeoutSeconds) {
        return new SqsQueueSource(SqsQueueSource.newClient(ElasticMq.REGION, mq.endpoint(), credentials(), null), url,
                visibilityTimeoutSeconds);
    }

    private static AWSStaticCredentialsProvider credentials() {
        return new AWSStaticCredentialsProvider(new BasicAWSCredentials(ElasticMq.ACCESS_KEY, ElasticMq.SECRET_KEY));
    }

    private static String uniqueName(String prefix) {
        return prefix + "-" + QUEUES.incrementAndGet();
    }

    private static void sendToGroup(String fifoUrl, String group, String body) {
        mq.client().sendMessage(new SendMessageRequest(fifoUrl, body).withMessageGroupId(group));
    }

    private static List<QueueMessage> receiveAll(SqsQueueSource source, int count) throws QueueException {
        List<QueueMessage> received = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        while (received.size() < count) {
            List<QueueMessage> batch = source.receive(10, 1);
            assertFalse(batch.isEmpty(), "only " + received.size() + " of " + count + " arrived");
            batch.forEach(message -> assertTrue(ids.add(message.messageId()), "duplicate " + message.messageId()));
            received.addAll(batch);
        }
        return received;
    }

    private static QueueMessage single(List<QueueMessage> messages) {
        assertEquals(1, messages.size(), "expected one message, got " + bodies(messages));
        return messages.get(0);
    }

    private static List<String> bodies(List<QueueMessage> messages) {
        return messages.stream().map(QueueMessage::body).toList();
    }

    private static long inFlight(String url) {
        return Long.parseLong(mq.client().getQueueAttributes(url, List.of("ApproximateNumberOfMessagesNotVisible"))
                .getAttributes().get("ApproximateNumberOfMessagesNotVisible"));
    }
}
