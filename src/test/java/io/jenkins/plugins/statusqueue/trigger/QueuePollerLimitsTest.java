package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.queue.SqsQueueSource;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import io.jenkins.plugins.statusqueue.sim.MovableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Fan-out, the cap on waiting builds, the rate limit and the bounds, against ElasticMQ: a message beyond a limit
 * stays in the queue and is built later, one over a bound or refused is deleted with the reason logged.
 */
class QueuePollerLimitsTest {

    private static ElasticMq mq;
    private static int queues;

    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private String queueUrl;

    @BeforeAll
    static void start() {
        mq = ElasticMq.start();
    }

    @AfterAll
    static void stop() {
        mq.close();
    }

    /** A job whose builds wait in a simulated Jenkins queue until {@link #startAll()}. */
    private static final class Job {
        final String name;
        final MessageFilter filter;
        final MessageMapper mapper;
        final List<String> built = new CopyOnWriteArrayList<>();
        final AtomicInteger waiting = new AtomicInteger();

        Job(String name, MessageFilter filter, MessageMapper mapper) {
            this.name = name;
            this.filter = filter;
            this.mapper = mapper;
        }

        QueuePoller.Subscriber subscriber() {
            return new QueuePoller.Subscriber(name, false, filter, mapper, () -> true, waiting::get,
                    (message, parameters) -> {
                        if (parameters.getOrDefault("target", "").equals("evil")) {
                            throw new BuildRefusedException("parameter 'target' refused the message's value",
                                    "parameter 'target': Illegal choice for parameter target: evil");
                        }
                        built.add(message.body());
                        waiting.incrementAndGet();
                        return true;
                    });
        }

        void startAll() {
            waiting.set(0);
        }
    }

    private QueuePoller poller(TriggerLimits limits, Job... jobs) {
        queueUrl = mq.createQueue("limits-" + queues++, Map.of("VisibilityTimeout", "30"));
        SqsQueueSource source = new SqsQueueSource(mq.newClient(), queueUrl, 30);
        QueuePoller poller = new QueuePoller(() -> source, "test queue", limits, DeliveryLedger.open(null, 1000),
                new ActivityLog(clock), clock, Duration.ofSeconds(1));
        for (Job job : jobs) {
            poller.subscribe(job.subscriber());
        }
        return poller;
    }

    private void send(String... bodies) {
        for (String body : bodies) {
            mq.client().sendMessage(queueUrl, body);
        }
    }

    private static TriggerLimits limits(int waiting, int perMinute) {
        return new TriggerLimits(waiting, perMinute, MessageBounds.DEFAULT);
    }

    @Test
    void everyJobWhoseFilterMatchesGetsABuildAndTheMessageGoesOnceAllAreScheduled() {
        Job audit = new Job("audit", MessageFilter.ALL, StandardMappers.RAW);
        Job deploy = new Job("deploy", MessageFilter.jsonPath("$.kind", "deploy"), StandardMappers.JSON_FIELDS);
        QueuePoller poller = poller(limits(10, 0), audit, deploy);
        send("{\"kind\":\"deploy\"}", "{\"kind\":\"test\"}");

        poller.pollOnce(1);

        assertEquals(2, audit.built.size());
        assertEquals(List.of("{\"kind\":\"deploy\"}"), deploy.built);
        assertEquals(0, mq.depth(queueUrl));
    }

    @Test
    void aJobAtItsCapHoldsItsMessagesInTheQueueAndGetsThemLaterWithoutASecondBuildForTheOthers()
            throws Exception {
        Job fast = new Job("fast", MessageFilter.ALL, StandardMappers.RAW);
        Job slow = new Job("slow", MessageFilter.ALL, StandardMappers.RAW);
        QueuePoller poller = poller(limits(2, 0), fast, slow);
        send("m1", "m2", "m3", "m4", "m5");

        poller.pollOnce(1);
        assertEquals(2, slow.built.size(), "no more than the cap waits");
        assertEquals(2, fast.built.size(), "the poller received only what both jobs had room for");
        assertEquals(QueuePoller.FULL_RECHECK, poller.pollOnce(1), "nothing is received while every job is full");
        assertEquals(3, mq.depth(queueUrl));

        fast.startAll();
        poller.pollOnce(1);
        assertEquals(4, fast.built.size(), "the job with room goes on");
        assertEquals(2, slow.built.size());
        assertTrue(poller.activity("slow").stream().anyMatch(line -> line.outcome().startsWith("held back")),
                poller.activity("slow").toString());
        assertEquals(3, mq.depth(queueUrl), "held, not dropped");

        for (int round = 0; round < 40 && mq.depth(queueUrl) > 0; round++) {
            fast.startAll();
            slow.startAll();
            if (!poller.pollOnce(1).isZero()) {
                Thread.sleep(200);
            }
        }
        assertEquals(0, mq.depth(queueUrl));
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), fast.built.stream().sorted().toList(), "once each");
        assertEquals(List.of("m1", "m2", "m3", "m4", "m5"), slow.built.stream().sorted().toList(), "once each");
        assertTrue(poller.heldCount() > 0);
    }

    @Test
    void theRateLimitLeavesMessagesInTheQueueUntilTheMinuteAllowsThem() {
        Job job = new Job("job", MessageFilter.ALL, StandardMappers.RAW);
        QueuePoller poller = poller(limits(100, 3), job);
        send("m1", "m2", "m3", "m4", "m5");

        assertEquals(Duration.ZERO, poller.pollOnce(1));
        assertEquals(3, job.built.size());
        Duration wait = poller.pollOnce(1);
        assertEquals(Duration.ofSeconds(20), wait, "one build every 20 s at 3 a minute");
        assertEquals(3, job.built.size());
        assertEquals(2, mq.depth(queueUrl), "not received at all");

        clock.advance(Duration.ofSeconds(40));
        poller.pollOnce(1);
        assertEquals(5, job.built.size());
        assertEquals(0, mq.depth(queueUrl));
    }

    @Test
    void aMessageOverABoundIsDeletedWithTheBoundLoggedAndAJobThatReadsNothingStillBuildsIt() {
        Job raw = new Job("raw", MessageFilter.ALL, StandardMappers.RAW);
        Job json = new Job("json", MessageFilter.ALL, StandardMappers.JSON_FIELDS);
        QueuePoller poller = poller(limits(10, 0), raw, json);
        String deep = "{\"a\":" + "[".repeat(40) + "]".repeat(40) + "}";
        send(deep);

        poller.pollOnce(1);

        assertEquals(List.of(deep), raw.built);
        assertEquals(List.of(), json.built);
        assertEquals(0, mq.depth(queueUrl), "it can never be mapped for json: deleted");
        ActivityLog.Activity line = poller.activity("json").get(0);
        assertEquals("not built: over a bound", line.outcome());
        assertEquals("over a bound: JSON nested deeper than 32 levels", line.detail());
        assertEquals(ErrorCategory.OVER_BOUND, poller.problems().get(0).category());
    }

    @Test
    void aValueTheParameterRefusesFailsTheMessageForThatJobNamingTheParameter() {
        Job deploy = new Job("deploy", MessageFilter.ALL, StandardMappers.JSON_FIELDS);
        QueuePoller poller = poller(limits(10, 0), deploy);
        send("{\"target\":\"evil\"}", "{\"target\":\"prod\"}");

        poller.pollOnce(1);

        assertEquals(List.of("{\"target\":\"prod\"}"), deploy.built);
        assertEquals(0, mq.depth(queueUrl));
        assertTrue(poller.activity("deploy").stream().anyMatch(line -> line.outcome().equals(
                "not built: parameter 'target' refused the message's value")
                && line.detail().contains("Illegal choice")), poller.activity("deploy").toString());
    }
}
