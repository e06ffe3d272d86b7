package io.jenkins.plugins.statusqueue.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.AmazonWebServiceRequest;
import com.amazonaws.handlers.RequestHandler2;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.AmazonSQSClientBuilder;
import com.amazonaws.services.sqs.model.ListMessageMoveTasksRequest;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dead-letter queue read and moved back against a real SQS server (ElasticMQ, which implements move tasks). */
class SqsDeadLetterTest {

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

    private static String[] queueWithDeadLetters(String name) {
        String dead = mq.createQueue(name + "-dlq-" + QUEUES.incrementAndGet());
        String queue = mq.createQueueWithDeadLetterQueue(name + "-" + QUEUES.incrementAndGet(), dead, 1);
        return new String[] {queue, dead};
    }

    /** Messages reach the dead-letter queue as in production: received once more than the policy allows. */
    private static void exhaust(String queue, int messages) throws InterruptedException {
        for (int i = 0; i < messages; i++) {
            mq.client().sendMessage(queue, "event " + i);
        }
        int received = 0;
        while (received < messages) {
            received += mq.client().receiveMessage(new com.amazonaws.services.sqs.model.ReceiveMessageRequest(queue)
                    .withMaxNumberOfMessages(10).withVisibilityTimeout(1)).getMessages().size();
        }
        Thread.sleep(1100);
        // The next receive finds them over their receive count: ElasticMQ moves them to the dead-letter queue.
        assertEquals(0, mq.client().receiveMessage(new com.amazonaws.services.sqs.model.ReceiveMessageRequest(queue)
                .withMaxNumberOfMessages(10).withWaitTimeSeconds(1)).getMessages().size());
    }

    @Test
    void readsTheRedrivePolicyDepthAndOldestMessage() throws Exception {
        String[] urls = queueWithDeadLetters("read");
        Instant before = Instant.now().minusSeconds(1);
        exhaust(urls[0], 3);
        try (SqsQueueSource source = new SqsQueueSource(mq.newClient(), urls[0], 30)) {
            DeadLetterQueue dead = source.deadLetters().orElseThrow();
            assertTrue(urls[1].endsWith("/" + dead.name()), dead.name());
            assertEquals(1, dead.maxReceiveCount());
            assertEquals(3, dead.approximateDepth());
            assertNotNull(dead.oldestSent());
            assertFalse(dead.oldestSent().isBefore(before) || dead.oldestSent().isAfter(Instant.now()));
            assertEquals(List.of(), dead.moveTasks());
            assertNull(dead.moveTasksError());
            assertFalse(dead.moving());
            DeadLetterQueue again = source.deadLetters().orElseThrow();
            assertEquals(3, again.approximateDepth(), "looking left every message visible");
            assertEquals(0, again.inFlight());
        }
    }

    @Test
    void movesTheMessagesBackAndShowsTheTask() throws Exception {
        String[] urls = queueWithDeadLetters("move");
        exhaust(urls[0], 4);
        try (SqsQueueSource source = new SqsQueueSource(mq.newClient(), urls[0], 30)) {
            assertEquals("RUNNING", source.moveDeadLettersBack().status());
            Instant deadline = Instant.now().plusSeconds(10);
            DeadLetterQueue dead = source.deadLetters().orElseThrow();
            while ((dead.moving() || dead.approximateDepth() > 0) && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
                dead = source.deadLetters().orElseThrow();
            }
            assertEquals(0, dead.approximateDepth());
            assertEquals(4, mq.depth(urls[0]), "back in the queue they came from");
            DeadLetterQueue.MoveTask task = dead.moveTasks().get(0);
            assertEquals("COMPLETED", task.status());
            assertEquals(4, task.moved());
            assertNotNull(task.started());
        }
    }

    @Test
    void aQueueWithoutRedrivePolicyHasNoDeadLetters() throws Exception {
        try (SqsQueueSource source = new SqsQueueSource(mq.newClient(), mq.createQueue("plain-"
                + QUEUES.incrementAndGet()), 30)) {
            assertEquals(Optional.empty(), source.deadLetters());
            QueueException refused = assertThrows(QueueException.class, source::moveDeadLettersBack);
            assertEquals(QueueException.Kind.CONFIG, refused.kind());
        }
    }

    /**
     * A policy without {@code sqs:ListMessageMoveTasks} (a stack deployed before it was added): SQS answers
     * AccessDenied, which ElasticMQ never does, so the test plays SQS's part in front of it. Depth still shows.
     */
    @Test
    void aRefusedTaskListingLeavesTheDepthReadable() throws Exception {
        String[] urls = queueWithDeadLetters("denied");
        exhaust(urls[0], 1);
        AmazonSQS client = AmazonSQSClientBuilder.standard()
                .withEndpointConfiguration(new com.amazonaws.client.builder.AwsClientBuilder.EndpointConfiguration(
                        mq.endpoint(), ElasticMq.REGION))
                .withCredentials(new com.amazonaws.auth.AWSStaticCredentialsProvider(
                        new com.amazonaws.auth.BasicAWSCredentials(ElasticMq.ACCESS_KEY, ElasticMq.SECRET_KEY)))
                .withRequestHandlers(new RequestHandler2() {
                    @Override
                    public AmazonWebServiceRequest beforeExecution(AmazonWebServiceRequest request) {
                        if (request instanceof ListMessageMoveTasksRequest) {
                            AmazonServiceException denied = new AmazonServiceException("User is not authorized to "
                                    + "perform: sqs:listmessagemovetasks");
                            denied.setErrorCode("AccessDenied");
                            denied.setStatusCode(403);
                            throw denied;
                        }
                        return request;
                    }
                }).build();
        try (SqsQueueSource source = new SqsQueueSource(client, urls[0], 30)) {
            DeadLetterQueue dead = source.deadLetters().orElseThrow();
            assertEquals(1, dead.approximateDepth());
            assertTrue(dead.moveTasksError().contains("listmessagemovetasks"), dead.moveTasksError());
        }
    }

    @Test
    void findsTheDeadLetterQueueBesideTheQueue() {
        SqsQueueSource.RedriveTarget target = new SqsQueueSource.RedriveTarget(
                "arn:aws:sqs:eu-west-1:123456789012:builds-dlq", 5);
        assertEquals("https://sqs.eu-west-1.amazonaws.com/123456789012/builds-dlq",
                target.url("https://sqs.eu-west-1.amazonaws.com/123456789012/builds"));
        assertEquals("http://127.0.0.1:9324/000000000000/builds-dlq",
                target.url("http://127.0.0.1:9324/000000000000/builds"), "through an endpoint override too");
    }
}
