package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.SqsQueueSource;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Trigger queues, their pollers and the jobs' subscriptions, against ElasticMQ with real poller threads. */
class QueuePollersTest {

    private static ElasticMq mq;
    private static int queues;

    private final QueuePollers pollers = new QueuePollers(DeliveryLedger.open(null, 100), Clock.systemUTC());
    private final Map<String, List<String>> builds = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> opened = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        mq = ElasticMq.start();
    }

    @AfterAll
    static void stop() {
        mq.close();
    }

    @AfterEach
    void stopPollers() {
        pollers.shutDown();
    }

    /** A queue whose opener counts how often it was opened, with the queue's own client. */
    private QueuePollers.Definition queue(String id, String queueUrl, String allowed) {
        return new QueuePollers.Definition(id, "Queue " + id, queueUrl, "fingerprint of " + queueUrl, () -> {
            opened.computeIfAbsent(id, key -> new AtomicInteger()).incrementAndGet();
            return new SqsQueueSource(mq.newClient(), queueUrl, 1);
        }, QueueAccess.parse(allowed), TriggerLimits.DEFAULT);
    }

    private static String newQueue() {
        return mq.createQueue("pollers-" + queues++, Map.of("VisibilityTimeout", "1"));
    }

    private QueuePoller.Subscriber job(String name) {
        return new QueuePoller.Subscriber(name, false, MessageFilter.ALL, StandardMappers.RAW, () -> true, () -> 0,
                (message, parameters) -> builds.computeIfAbsent(name, key -> new CopyOnWriteArrayList<>())
                        .add(message.body()));
    }

    private QueuePollers.State subscribe(String queueId, String jobName) {
        return pollers.subscribe(queueId, job(jobName), () -> true, jobName);
    }

    private List<String> builtBy(String job) {
        return builds.getOrDefault(job, List.of());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        for (int i = 0; i < 300 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertTrue(condition.getAsBoolean(), what);
    }

    private String lastLine(String job) {
        return pollers.job(job).activity().get(0).outcome();
    }

    /**
     * Finding 2: jobs naming one queue URL shared the poller of the first, and a job with no right to the queue got
     * its messages (here it would sort first, so it would have taken every one).
     */
    @Test
    void aJobTheQueueDoesNotPermitGetsNoMessageAndCannotStarveTheOneItPermits() throws Exception {
        String url = newQueue();
        pollers.define(List.of(queue("team-a", url, "team-a")));

        assertEquals(QueuePollers.State.FORBIDDEN, subscribe("team-a", "aaa-intruder/steal"));
        assertEquals(QueuePollers.State.FORBIDDEN, subscribe("team-a", "team-ab/lookalike"));
        assertEquals(QueuePollers.State.LISTENING, subscribe("team-a", "team-a/web/deploy"));
        assertEquals(List.of("team-a/web/deploy"), pollers.poller("team-a").subscriberNames());

        for (int i = 0; i < 3; i++) {
            mq.client().sendMessage(url, "message " + i);
        }
        await(() -> builtBy("team-a/web/deploy").size() == 3, "the permitted job gets every message");
        assertEquals(List.of(), builtBy("aaa-intruder/steal"));
        assertEquals(List.of(), builtBy("team-ab/lookalike"));
        assertEquals("not listening: queue 'team-a' may not be used by this job", lastLine("aaa-intruder/steal"));
        assertEquals(1, opened.get("team-a").get(), "one poller, opened once, with the queue's own opener");
    }

    @Test
    void eachQueueHasItsOwnPollerOpenedWithItsOwnCredentials() throws Exception {
        pollers.define(List.of(queue("a", newQueue(), "*"), queue("b", newQueue(), "*")));
        subscribe("a", "one");
        subscribe("a", "two");
        subscribe("b", "three");

        await(() -> opened.containsKey("a") && opened.containsKey("b"), "both queues opened");
        assertNotSame(pollers.poller("a"), pollers.poller("b"));
        assertEquals(List.of("one", "two"), pollers.poller("a").subscriberNames());
        assertEquals(1, opened.get("a").get());
    }

    @Test
    void anUnknownQueueIsAVisibleStateUntilAnAdministratorDefinesIt() throws Exception {
        assertEquals(QueuePollers.State.UNKNOWN_QUEUE, subscribe("builds", "web"));
        assertNull(pollers.poller("builds"));
        assertEquals("not listening: no trigger queue 'builds' is defined", lastLine("web"));
        QueuePollers.QueueStatus undefined = pollers.queues().get(0);
        assertEquals("builds", undefined.id());
        assertNull(undefined.description(), "the status page shows it as not defined");
        assertEquals("web", undefined.jobs().get(0).name());

        String url = newQueue();
        pollers.define(List.of(queue("builds", url, "*")));
        assertEquals(QueuePollers.State.LISTENING, pollers.job("web").state());
        mq.client().sendMessage(url, "hello");
        await(() -> builtBy("web").equals(List.of("hello")), "built once the queue is defined");

        pollers.define(List.of());
        assertEquals(QueuePollers.State.UNKNOWN_QUEUE, pollers.job("web").state());
        assertNull(pollers.poller("builds"), "removing the definition stops its poller");
    }

    /** Finding 4: a renamed job kept its old subscription running, and its new name was never subscribed. */
    @Test
    void renamingOrMovingAJobMovesItsSubscriptionAndChecksAccessAgain() {
        pollers.define(List.of(queue("team-a", newQueue(), "team-a")));
        subscribe("team-a", "team-a/deploy");
        QueuePoller poller = pollers.poller("team-a");

        pollers.rename("team-a/deploy", "team-a/release");
        assertNull(pollers.job("team-a/deploy"), "nothing is left under the old name");
        assertEquals(QueuePollers.State.LISTENING, pollers.job("team-a/release").state());
        assertEquals(List.of("team-a/release"), poller.subscriberNames());

        pollers.rename("team-a", "team-z");
        assertEquals(QueuePollers.State.FORBIDDEN, pollers.job("team-z/release").state(),
                "moved out of the permitted folder");
        assertNull(pollers.poller("team-a"));
        assertTrue(poller.isStopped(), "the poller no permitted job uses stops");
    }

    /** Finding 4: a deleted job left its poller and credentials running until restart. */
    @Test
    void deletingAJobOrItsFolderEndsItsSubscriptionsAndStopsTheirPoller() {
        pollers.define(List.of(queue("q", newQueue(), "*")));
        subscribe("q", "team/deploy");
        subscribe("q", "team/sub/test");
        subscribe("q", "teamwork");
        QueuePoller poller = pollers.poller("q");

        pollers.remove("team");
        assertNull(pollers.job("team/deploy"));
        assertNull(pollers.job("team/sub/test"));
        assertEquals(List.of("teamwork"), poller.subscriberNames());

        pollers.remove("teamwork");
        assertTrue(poller.isStopped());
        assertNull(pollers.poller("q"));
    }

    @Test
    void onlyTheTriggerThatSubscribedCanUnsubscribe() {
        pollers.define(List.of(queue("q", newQueue(), "*")));
        Object oldTrigger = new Object();
        Object newTrigger = new Object();
        pollers.subscribe("q", job("web"), () -> true, oldTrigger);
        pollers.subscribe("q", job("web"), () -> true, newTrigger);

        pollers.unsubscribe(oldTrigger);
        assertEquals(QueuePollers.State.LISTENING, pollers.job("web").state());
        pollers.unsubscribe(newTrigger);
        assertNull(pollers.job("web"));
    }

    @Test
    void aChangedDefinitionReopensTheQueueAndAnUnchangedOneKeepsItsPoller() {
        String url = newQueue();
        pollers.define(List.of(queue("q", url, "*")));
        subscribe("q", "web");
        QueuePoller first = pollers.poller("q");

        pollers.define(List.of(queue("q", url, "*")));
        assertSame(first, pollers.poller("q"));

        pollers.define(List.of(new QueuePollers.Definition("q", "Q", url, "rotated secret", () -> {
            throw new QueueException(QueueException.Kind.AUTH, "the rotated secret is refused");
        }, QueueAccess.parse("*"), TriggerLimits.DEFAULT)));
        assertTrue(first.isStopped());
        assertNotNull(pollers.poller("q"));
        assertNotSame(first, pollers.poller("q"));
    }

    @Test
    void theStatusPageListsOnlyTheJobsTheViewerMayRead() {
        pollers.define(List.of(queue("q", newQueue(), "*")));
        pollers.subscribe("q", job("public"), () -> true, "public");
        pollers.subscribe("q", job("secret-team/deploy"), () -> false, "secret");

        List<QueuePollers.JobStatus> jobs = pollers.queues().get(0).jobs();
        assertEquals(List.of("public"), jobs.stream().map(QueuePollers.JobStatus::name).toList());
    }

    @Test
    void afterShutdownNoPollerStartsAgain() {
        pollers.define(List.of(queue("q", newQueue(), "*")));
        subscribe("q", "web");
        QueuePoller poller = pollers.poller("q");

        pollers.shutDown();
        subscribe("q", "another");

        assertTrue(poller.isStopped());
        assertNull(pollers.poller("q"));
    }

    /** The rule the job form applies too: it lists the LISTENING ones and shows the others as errors. */
    @Test
    void aJobMayUseOnlyADefinedQueueThatPermitsIt() {
        Map<String, QueueAccess> defined = Map.of("builds", QueueAccess.parse("*"), "team-a", QueueAccess.parse("team-a"));
        assertEquals(QueuePollers.State.LISTENING, QueuePollers.stateOf("builds", "x/y", false, defined::get));
        assertEquals(QueuePollers.State.LISTENING, QueuePollers.stateOf(" team-a ", "team-a/deploy", false, defined::get));
        assertEquals(QueuePollers.State.FORBIDDEN, QueuePollers.stateOf("team-a", "team-b/deploy", false, defined::get));
        assertEquals(QueuePollers.State.UNKNOWN_QUEUE, QueuePollers.stateOf("other", "team-a/deploy", false, defined::get));
        assertEquals(QueuePollers.State.NO_QUEUE, QueuePollers.stateOf("", "team-a/deploy", false, defined::get));
        assertEquals(QueuePollers.State.NO_QUEUE, QueuePollers.stateOf(null, "team-a/deploy", false, defined::get));
    }
}
