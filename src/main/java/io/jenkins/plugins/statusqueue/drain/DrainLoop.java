package io.jenkins.plugins.statusqueue.drain;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The drain's one background thread: runs a pass when one is due, then sleeps until the next one is due or until it
 * is woken ("Drain now", a saved configuration). Nothing ticks in between, so an idle controller spends no CPU and
 * writes no log on the drain's behalf; the pass itself waits on the queue's long poll.
 */
public final class DrainLoop {

    private static final Logger LOGGER = Logger.getLogger(DrainLoop.class.getName());
    /** How long {@link #stop()} waits for a pass in progress; the messages it holds stay in the queue. */
    static final Duration STOP_GRACE = Duration.ofSeconds(10);

    /** What the loop reads before each tick; the configuration may change between two of them. */
    public interface Schedule {
        boolean enabled();

        Duration interval();

        DrainSetup setup() throws SetupException;
    }

    private final DrainService service;
    private final DrainTicker ticker;
    private final Supplier<Schedule> schedule;
    private final Consumer<String> log;
    private final Object wakeUp = new Object();
    private boolean woken;
    private Thread thread;
    private boolean stopped;

    /**
     * @param schedule read before every tick
     * @param log      receives the ticker's lines: a pass's summary, or why no pass runs when that changes
     */
    public DrainLoop(DrainService service, Supplier<Schedule> schedule, Consumer<String> log) {
        this.service = service;
        this.ticker = new DrainTicker(service);
        this.schedule = schedule;
        this.log = log;
    }

    /** Starts the thread, or does nothing when it runs. */
    public synchronized void start() {
        stopped = false;
        if (thread == null || !thread.isAlive()) {
            thread = new Thread(this::run, "status-queue drain");
            thread.setDaemon(true);
            thread.start();
        }
    }

    /**
     * The watchdog's check: starts the thread if it is not running, because it died (an {@link Error} can end it)
     * or was never started (a plugin installed without a restart may miss the start-up call), but not after
     * {@link #stop()}.
     *
     * @return whether it was not running and is now
     */
    public synchronized boolean ensureRunning() {
        if (stopped || thread != null && thread.isAlive()) {
            return false;
        }
        start();
        return true;
    }

    /**
     * Stops the thread. A pass in progress ends as at its time bound: the posts under way finish (within the pass's
     * grace), what they posted is saved and only final outcomes are deleted, so a restart neither loses nor reposts
     * them. Waits that long at most, then interrupts whatever is left.
     */
    public void stop() throws InterruptedException {
        Thread running;
        synchronized (this) {
            stopped = true;
            running = thread;
            thread = null;
        }
        if (running != null) {
            if (!service.stopCurrentPass("the drain is stopping")) {
                running.interrupt();
            }
            wake();
            running.join(STOP_GRACE.toMillis());
            running.interrupt();
        }
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    public synchronized boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    /** Makes the thread look again at once: a requested pass runs, a changed configuration applies. */
    public void wake() {
        synchronized (wakeUp) {
            woken = true;
            wakeUp.notifyAll();
        }
    }

    /**
     * A saved configuration: the pass under way receives no more and ends once the messages it holds are done; what
     * arrives afterwards is drained at once with the new settings.
     */
    public void configurationChanged() {
        service.configurationChanged();
        wake();
    }

    /** "Drain now": a pass at once, whatever the interval and the back-off say. */
    public void drainNow() {
        service.requestPass();
        wake();
    }

    /** Why no pass runs, or {@code null} when passes run. */
    public String idleReason() {
        return ticker.idleReason();
    }

    private void run() {
        try {
            while (!Thread.currentThread().isInterrupted() && !isStopped()) {
                sleep(tick());
            }
        } catch (InterruptedException e) {
            // stop(): the thread ends.
        }
    }

    /** One look: a pass if one is due, then how long to sleep before the next look. */
    Duration tick() {
        Schedule current = schedule.get();
        Duration interval = current.interval();
        try {
            ticker.tick(current.enabled(), interval, current::setup).ifPresent(log);
        } catch (RuntimeException e) {
            // Reading the configuration failed; the pass itself never throws. Look again after the interval.
            LOGGER.log(Level.WARNING, "Cannot prepare a drain pass", e);
            return interval;
        }
        return ticker.idleReason() != null ? interval : service.untilDue(interval);
    }

    private void sleep(Duration duration) throws InterruptedException {
        synchronized (wakeUp) {
            long until = System.nanoTime() + duration.toNanos();
            for (long left = duration.toNanos(); !woken && left > 0; left = until - System.nanoTime()) {
                wakeUp.wait(Math.max(1, left / 1_000_000));
            }
            woken = false;
        }
    }
}
