package io.jenkins.plugins.statusqueue.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.github.CommitStatus;
import io.jenkins.plugins.statusqueue.github.PostResult;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import io.jenkins.plugins.statusqueue.github.StatusSink;
import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
                        return PostResult.accepted("201");
                    }

                    @Override
                    public String probe() {
                        return "";
                    }
                };
                return new DrainSetup(queue, sink, new EventDecoder(null), new StatusMapper(StateMapping.DEFAULTS,
                        null, null), new DrainSettings(100, Duration.ofSeconds(10), 64, 0, Duration.ofSeconds(1)));
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
