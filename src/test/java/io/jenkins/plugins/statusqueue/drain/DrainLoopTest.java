package io.jenkins.plugins.statusqueue.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.events.StepJob;
import io.jenkins.plugins.statusqueue.github.CommitStatus;
import io.jenkins.plugins.statusqueue.github.PostResult;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import io.jenkins.plugins.statusqueue.github.StatusSink;
import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.history.Outcome;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DrainLoopTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private final DrainService service = new DrainService(DrainHistory.open(null), Clock.systemUTC());
    private final InMemoryQueue queue = new InMemoryQueue();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicInteger setups = new AtomicInteger();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private volatile boolean enabled = true;
    private volatile Duration interval = HOUR;
    private volatile Error dieOnNextLook;
    private volatile Duration postTakes = Duration.ZERO;
    /** The configuration's per-step statuses and long poll, read when a pass's setup is built. */
    private volatile boolean stepStatuses;
    private volatile int longPollSeconds;
    private final List<CommitStatus> posted = new CopyOnWriteArrayList<>();
    private final DrainLoop loop = new DrainLoop(service, this::schedule, log::add);

    @AfterEach
    void stop() throws InterruptedException {
        loop.stop();
    }

    private DrainLoop.Schedule schedule() {
        Error death = dieOnNextLook;
        if (death != null) {
            dieOnNextLook = null;
            throw death;
        }
        return new DrainLoop.Schedule() {
            @Override
            public boolean enabled() {
                return enabled;
            }

            @Override
            public Duration interval() {
                return interval;
            }

            @Override
            public DrainSetup setup() {
                setups.incrementAndGet();
                StatusSink sink = new StatusSink() {
                    @Override
                    public PostResult post(CommitStatus status) {
                        posts.incrementAndGet();
                        posted.add(status);
                        try {
                            Thread.sleep(postTakes.toMillis());
                        } catch (InterruptedException e) {
                            return PostResult.retry("interrupted before GitHub answered", null);
                        }
                        return PostResult.accepted("201");
                    }

                    @Override
                    public String probe() {
                        return "";
                    }
                };
                return new DrainSetup(new LongPollingQueue(queue, new CountDownLatch(1)), sink,
                        new EventDecoder(null, stepStatuses ? StepJob.STATUS_TYPES : Set.of()),
                        new StatusMapper(StateMapping.DEFAULTS, null, null),
                        new DrainSettings(100, Duration.ofSeconds(10), 64, longPollSeconds, Duration.ofSeconds(1)));
            }
        };
    }

    @Test
    void drainsAtStartThenSleepsForTheIntervalUntilDrainNowWakesIt() throws Exception {
        queue.send(BuildkiteEvents.build().detail());
        loop.start();
        await(() -> posts.get() == 1, "the first pass runs at start");
        await(() -> log.size() == 1, "the pass is logged");
        assertTrue(log.get(0).startsWith("Pass: received 1, posted 1"), log.get(0));

        queue.send(BuildkiteEvents.build().number(43).detail());
        Thread.sleep(300);
        assertEquals(1, setups.get(), "nothing is looked at before the interval");

        loop.drainNow();
        await(() -> posts.get() == 2, "Drain now runs a pass at once");
        assertEquals(2, setups.get());
    }

    @Test
    void aSavedConfigurationAppliesAtOnce() throws Exception {
        enabled = false;
        loop.start();
        await(() -> log.size() == 1, "says why it is idle");
        assertTrue(log.get(0).contains("disabled"), log.get(0));
        assertEquals(0, setups.get(), "a disabled drain reads no credentials");

        queue.send(BuildkiteEvents.build().detail());
        enabled = true;
        loop.wake();
        await(() -> posts.get() == 1, "enabling it drains at once, not after the interval");
    }

    /**
     * What a real Jenkins showed: per-step statuses switched on and saved while a pass waits in its long poll, then a
     * job event sent. It is handled with the new settings, at once: not invalid, not after the pass's time bound.
     */
    @Test
    void aConfigurationSavedWhileAPassLongPollsAppliesToTheJobEventSentAfterIt() throws Exception {
        longPollSeconds = 5;
        queue.send(BuildkiteEvents.build().detail());
        loop.start();
        await(() -> posts.get() == 1, "the build's status");
        Thread.sleep(200); // the pass polls on, for 10 s at most

        stepStatuses = true;
        loop.configurationChanged();
        queue.send(BuildkiteEvents.build().job("Unit tests", "unit").envelope());
        long saved = System.nanoTime();
        await(() -> posts.get() == 2, "the job event's status");

        assertEquals("buildkite/web/unit", posted.get(1).context());
        assertTrue(System.nanoTime() - saved < Duration.ofSeconds(6).toNanos(), "within the long poll under way");
        await(() -> queue.bodies().isEmpty(), "both deleted");
        await(() -> service.snapshot().total(Outcome.POSTED) == 2, "both recorded");
        assertEquals(0, service.snapshot().total(Outcome.INVALID));
    }

    @Test
    void anIdleQueueCostsOneReceivePerPassWhateverTheConcurrency() throws Exception {
        interval = Duration.ofMillis(50);
        loop.start();
        await(() -> service.snapshot().emptyPasses() >= 5, "passes keep running");
        enabled = false;
        await(() -> !log.isEmpty(), "the drain goes idle after its current pass");
        assertEquals(service.snapshot().emptyPasses(), queue.receiveCalls(),
                "one receive per empty pass, not one per receive thread");
        assertEquals(1, log.size(), "an empty pass logs nothing: " + log);
    }

    @Test
    void theWatchdogRestartsADeadThreadButNotAStoppedOne() throws Exception {
        dieOnNextLook = new StackOverflowError("from a look");
        assertTrue(loop.ensureRunning(), "a loop that missed its start is started");
        await(() -> !loop.isRunning(), "an Error ends the thread");

        queue.send(BuildkiteEvents.build().detail());
        assertTrue(loop.ensureRunning());
        await(() -> posts.get() == 1, "the restarted thread drains");
        assertFalse(loop.ensureRunning(), "a running loop is left alone");

        loop.stop();
        assertFalse(loop.isRunning());
        assertFalse(loop.ensureRunning(), "a stopped loop stays stopped");
    }

    @Test
    void stoppingMidPassLetsThePostUnderWayFinishAndDeletesItsMessage() throws Exception {
        postTakes = Duration.ofMillis(500);
        queue.send(BuildkiteEvents.build().detail());
        loop.start();
        await(() -> posts.get() == 1, "the post is under way");

        loop.stop();

        assertFalse(loop.isRunning());
        assertEquals(List.of(), queue.bodies(), "posted, recorded and deleted, not cut off and left for a repost");
        assertEquals(1, service.snapshot().passes().size());
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long until = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > until) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
    }
}
