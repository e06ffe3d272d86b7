package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.queue.DeleteResult;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.queue.QueueProbe;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import io.jenkins.plugins.statusqueue.queue.SqsQueueSource;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared poller against ElasticMQ through the direct SQS transport. */
class QueuePollerTest {

    private static ElasticMq mq;
    private static int queues;

    @TempDir
    Path dir;

    private String queueUrl;
    private final List<String> deployBuilds = new CopyOnWriteArrayList<>();
    private final List<String> testBuilds = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        mq = ElasticMq.start();
    }

    @AfterAll
    static void stop() {
        mq.close();
    }

    private QueuePoller poller(Path ledgerFile) {
        queueUrl = queueUrl != null ? queueUrl : mq.createQueue("trigger-" + queues++, Map.of("VisibilityTimeout", "1"));
        return pollerOf(new SqsQueueSource(mq.newClient(), queueUrl, 1), DeliveryLedger.open(ledgerFile, 100));
    }

    private static QueuePoller pollerOf(QueueSource source, DeliveryLedger ledger) {
        return new QueuePoller(() -> source, source.describe(), TriggerLimits.DEFAULT, ledger,
                new ActivityLog(Clock.systemUTC()), Clock.systemUTC());
    }

    private static QueuePoller.Subscriber job(String name, MessageFilter filter, MessageMapper mapper,
            AtomicBoolean enabled, List<String> builds) {
        return new QueuePoller.Subscriber(name, false, filter, mapper, enabled::get, () -> 0, (message, parameters) -> {
            builds.add(parameters.get("SQS_BODY") + " " + parameters.get("target"));
            return true;
        });
    }

    @Test
    void jobsSharingAQueueEachTakeTheirOwnMessagesAndTheRestStays() {
        QueuePoller poller = poller(dir.resolve("ledger"));
        AtomicBoolean on = new AtomicBoolean(true);
        poller.subscribe(job("deploy", MessageFilter.jsonPath("$.kind", "deploy"), StandardMappers.JSON_FIELDS, on,
                deployBuilds));
        poller.subscribe(job("test", MessageFilter.regex("\"kind\":\"test\""), StandardMappers.JSON_FIELDS, on,
                testBuilds));
        mq.client().sendMessage(queueUrl, "{\"kind\":\"deploy\",\"target\":\"prod\"}");
        mq.client().sendMessage(queueUrl, "{\"kind\":\"test\",\"target\":\"unit\"}");
        mq.client().sendMessage(queueUrl, "{\"kind\":\"other\"}");

        assertEquals(Duration.ZERO, poller.pollOnce(0));

        assertEquals(1, deployBuilds.size());
        assertTrue(deployBuilds.get(0).endsWith(" prod"));
        assertEquals(1, testBuilds.size());
        assertEquals(1, mq.depth(queueUrl), "the message no job takes stays in the queue");
        assertEquals("build scheduled", poller.activity("deploy").get(0).outcome());
        assertNotNull(poller.lastPoll());
    }

    @Test
    void aDisabledJobOrAFailedScheduleLosesNothing() throws Exception {
        QueuePoller poller = poller(dir.resolve("ledger"));
        AtomicBoolean enabled = new AtomicBoolean(false);
        poller.subscribe(job("deploy", MessageFilter.ALL, StandardMappers.RAW, enabled, deployBuilds));
        mq.client().sendMessage(queueUrl, "hello");

        poller.pollOnce(0);
        assertEquals(List.of(), deployBuilds);
        assertEquals(1, mq.depth(queueUrl));

        poller.subscribe(new QueuePoller.Subscriber("deploy", false, MessageFilter.ALL, StandardMappers.RAW, () -> true, () -> 0,
                (message, parameters) -> false));
        Thread.sleep(1200);
        poller.pollOnce(2);
        assertEquals(1, mq.depth(queueUrl), "a build that could not be scheduled leaves its message");

        enabled.set(true);
        poller.subscribe(job("deploy", MessageFilter.ALL, StandardMappers.RAW, enabled, deployBuilds));
        Thread.sleep(1200);
        poller.pollOnce(2);
        assertEquals(List.of("hello null"), deployBuilds);
        assertEquals(0, mq.depth(queueUrl));
    }

    @Test
    void aRedeliveredMessageNeverStartsASecondBuildEvenAfterARestart() throws Exception {
        Path ledger = dir.resolve("ledger");
        poller(ledger);
        mq.client().sendMessage(queueUrl, "once");
        List<QueueMessage> received = new SqsQueueSource(mq.newClient(), queueUrl, 1).receive(10, 0);
        QueueMessage delivery = received.get(0);
        // Jenkins stopped after scheduling the build and before deleting the message:
        DeliveryLedger.open(ledger, 100).record(delivery.messageId());

        QueuePoller restarted = poller(ledger);
        restarted.subscribe(job("deploy", MessageFilter.ALL, StandardMappers.RAW, new AtomicBoolean(true),
                deployBuilds));
        for (int i = 0; i < 3 && mq.depth(queueUrl) > 0; i++) {
            restarted.pollOnce(2);
        }
        assertEquals(List.of(), deployBuilds, "no second build");
        assertEquals(0, mq.depth(queueUrl), "the redelivery is deleted");
    }

    @Test
    void anUnreachableQueueBacksOffAndRecovers() {
        QueuePoller poller = pollerOf(new SqsQueueSource(SqsQueueSource.newClient("us-east-1",
                "http://127.0.0.1:1", null), "http://127.0.0.1:1/000000000000/nowhere", 30),
                DeliveryLedger.open(null, 10));
        poller.subscribe(job("deploy", MessageFilter.ALL, StandardMappers.RAW, new AtomicBoolean(true), deployBuilds));
        Duration first = poller.pollOnce(0);
        Duration second = poller.pollOnce(0);
        assertTrue(first.compareTo(Duration.ZERO) > 0);
        assertTrue(second.compareTo(first) > 0, "the back-off grows");
        assertNotNull(poller.lastError());
        assertEquals(List.of(), deployBuilds);

        QueuePoller healthy = poller(dir.resolve("l2"));
        healthy.pollOnce(0);
        assertNull(healthy.lastError());
    }

    /** Finding 5: one message's error ended the shared poller thread for every job on the queue. */
    @Test
    void aPoisonMessageNeitherStopsThePollerNorLeavesTheQueue() {
        QueuePoller poller = poller(dir.resolve("ledger"));
        poller.subscribe(new QueuePoller.Subscriber("deploy", false, MessageFilter.ALL, StandardMappers.RAW, () -> true, () -> 0,
                (message, parameters) -> {
                    if (message.body().equals("poison")) {
                        throw new StackOverflowError();
                    }
                    deployBuilds.add(message.body());
                    return true;
                }));
        poller.subscribe(new QueuePoller.Subscriber("mapper-bug", false, MessageFilter.regex("poison"), message -> {
            throw new IllegalStateException("a custom mapper's bug");
        }, () -> true, () -> 0, (message, parameters) -> true));
        mq.client().sendMessage(queueUrl, "poison");
        mq.client().sendMessage(queueUrl, "good");

        boolean backedOff = false;
        for (int i = 0; i < 5 && (deployBuilds.isEmpty() || poller.problems().isEmpty()); i++) {
            backedOff |= !poller.pollOnce(1).isZero();
        }

        assertEquals(List.of("good"), deployBuilds, "the other message is built");
        assertTrue(backedOff, "a failed message makes the loop back off");
        assertEquals(1, mq.depth(queueUrl), "the poison message stays in the queue");
        assertTrue(poller.problems().stream().anyMatch(line -> String.valueOf(line.detail()).contains("StackOverflowError")),
                "the status page shows the error: " + poller.problems());
        assertTrue(poller.activity("deploy").stream().anyMatch(line -> String.valueOf(line.detail()).contains("StackOverflowError")),
                "the job's trigger log shows it: " + poller.activity("deploy"));
        assertTrue(poller.activity("mapper-bug").stream().anyMatch(line -> String.valueOf(line.detail()).contains("mapper's bug")));
    }

    @Test
    void theLoopGoesOnAfterAnErrorAndEndsOnlyWhenStopped() {
        AtomicInteger receives = new AtomicInteger();
        List<QueuePoller> self = new CopyOnWriteArrayList<>();
        QueueSource source = new QueueSource() {
            @Override
            public List<QueueMessage> receive(int maxMessages, int waitSeconds) {
                if (receives.incrementAndGet() == 1) {
                    return List.of(new QueueMessage("poison-1", "handle", "poison", 1, null, Map.of()));
                }
                self.get(0).stop();
                return List.of();
            }

            @Override
            public DeleteResult delete(List<QueueMessage> messages) {
                throw new AssertionError("nothing may be deleted");
            }

            @Override
            public int maxBatchSize() {
                return 10;
            }

            @Override
            public QueueProbe probe() {
                return new QueueProbe("stub", 0);
            }

            @Override
            public String describe() {
                return "stub";
            }
        };
        QueuePoller poller = pollerOf(source, DeliveryLedger.open(null, 10));
        self.add(poller);
        poller.subscribe(new QueuePoller.Subscriber("deploy", false, MessageFilter.ALL, StandardMappers.RAW, () -> true, () -> 0,
                (message, parameters) -> {
                    throw new StackOverflowError();
                }));

        poller.run();

        assertEquals(2, receives.get(), "the loop polled again after the error");
        assertEquals("poison-1", poller.problems().get(0).messageId());
    }
}
