package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.history.HistorySnapshot;
import io.jenkins.plugins.statusqueue.history.PassRecord;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.store.Disk;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs drain passes one at a time, records them in the history and backs off after a failed pass. Holds what
 * lives longer than a pass: the ledger of posted statuses and the back-off. Thread-safe.
 */
public final class DrainService {

    private static final Logger LOGGER = Logger.getLogger(DrainService.class.getName());
    static final Duration FIRST_BACKOFF = Duration.ofSeconds(10);
    static final Duration MAX_BACKOFF = Duration.ofMinutes(5);
    private static final int LEDGER_CAPACITY = 50_000;
    /** Within SQS's shortest default visibility timeout (30 s): a message handed over later may be back already. */
    static final Duration HAND_OVER_WITHIN = Duration.ofSeconds(20);
    /** How a pass that stopped because GitHub Enterprise refused most of its posts the same way begins its error. */
    public static final String TOKEN_REFUSED = "stopped early: GitHub Enterprise refused";

    private final DrainHistory history;
    private final Clock clock;
    private final PostedStatusLedger ledger;
    private final ExecutorService receivePool = Drainer.newReceivePool();
    private volatile Instant backoffUntil;
    private volatile Instant lastPassEnded;
    private volatile boolean passRequested;
    /** The pass under way, or {@code null}. */
    private volatile Drainer current;
    private int failedPassesInARow;
    /** Bumped by every saved configuration: a pass whose setup is older receives no more. */
    private final AtomicLong configuration = new AtomicLong();
    /** What the last pass received after the configuration changed, for the next pass; guarded by {@code this}. */
    private HandOver handOver;

    /** Messages received by a pass after the configuration changed, from one queue, at one time. */
    private record HandOver(String queue, List<QueueMessage> messages, Instant at) {
    }

    /** A service whose memory of posted statuses lasts as long as it does. */
    public DrainService(DrainHistory history, Clock clock) {
        this(history, PostedStatusLedger.inMemory(LEDGER_CAPACITY), clock);
    }

    /**
     * A service that keeps its memory of posted statuses in {@code ledgerJournal}, so that after a restart an older
     * redelivered event still never overwrites a newer status.
     */
    public DrainService(DrainHistory history, Path ledgerJournal, Clock clock) {
        this(history, ledgerJournal, Disk.LOCAL, clock);
    }

    /** As {@link #DrainService(DrainHistory, Path, Clock)}, with the journal written through {@code disk}. */
    public DrainService(DrainHistory history, Path ledgerJournal, Disk disk, Clock clock) {
        this(history, PostedStatusLedger.open(ledgerJournal, disk, LEDGER_CAPACITY), clock);
    }

    private DrainService(DrainHistory history, PostedStatusLedger ledger, Clock clock) {
        this.history = history;
        this.ledger = ledger;
        this.clock = clock;
    }

    /**
     * Runs one bounded pass now, whatever the back-off says, and records it. Never throws: an unexpected failure
     * is recorded as a failed pass, and the next pass tries again.
     */
    public PassRecord runPass(DrainSetup setup) {
        return runPass(setup, configurationGeneration());
    }

    /**
     * A saved configuration applies to what arrives after it: the pass under way receives no more at once, finishes
     * the messages it holds with the settings it started with, and hands anything a receive brings after this call
     * to the next pass, which runs at once with the new settings.
     */
    public void configurationChanged() {
        configuration.incrementAndGet();
        passRequested = true;
    }

    /** Read before the configuration is, and given to {@link #runPass(DrainSetup, long)} with the setup built. */
    public long configurationGeneration() {
        return configuration.get();
    }

    /**
     * Runs one bounded pass, as {@link #runPass(DrainSetup)}, with a setup built from the configuration of
     * {@code generation}: once the configuration changes again, the pass receives no more.
     */
    public synchronized PassRecord runPass(DrainSetup setup, long generation) {
        passRequested = false;
        Instant started = clock.instant();
        String unwritable = writeProblem();
        if (unwritable != null) {
            // Not recorded: the history cannot be saved either, and the same line each interval says nothing new.
            lastPassEnded = clock.instant();
            return new PassRecord(started, Duration.ZERO, 0, Map.of(), 0, unwritable);
        }
        Drainer.Result result;
        try {
            current = new Drainer(setup, ledger, receivePool, clock, () -> configuration.get() != generation,
                    takeOver(setup));
            result = current.run();
        } catch (RuntimeException | Error e) {
            LOGGER.log(Level.WARNING, "Drain pass failed unexpectedly", e);
            result = new Drainer.Result(new PassRecord(started, Duration.between(started, clock.instant()), 0,
                    Map.of(), 0, "unexpected " + e), List.of(), null, List.of());
        }
        current = null;
        if (!result.handedOver().isEmpty()) {
            handOver = new HandOver(setup.queue().describe(), result.handedOver(), clock.instant());
            passRequested = true;
        }
        PassRecord pass = result.pass();
        ledger.save();
        history.record(pass, result.messages());
        lastPassEnded = clock.instant();
        if (pass.failed()) {
            failedPassesInARow++;
            Duration backoff = exponentialBackoff(failedPassesInARow);
            if (result.retryAfter() != null && result.retryAfter().compareTo(backoff) > 0) {
                backoff = result.retryAfter();
            }
            backoffUntil = lastPassEnded.plus(backoff);
        } else {
            failedPassesInARow = 0;
            backoffUntil = null;
        }
        return pass;
    }

    /**
     * What the previous pass handed over, when it came from the same queue and recently enough that the messages are
     * still hidden for this drain; otherwise they come back when their visibility timeout ends.
     */
    private List<QueueMessage> takeOver(DrainSetup setup) {
        HandOver taken = handOver;
        handOver = null;
        return taken != null && taken.queue().equals(setup.queue().describe())
                && taken.at().plus(HAND_OVER_WITHIN).isAfter(clock.instant()) ? taken.messages() : List.of();
    }

    /**
     * Why the drain cannot run now because its files cannot be written ({@code "the journal cannot be written:
     * posted-statuses.journal: No space left on device (12 posted statuses wait in memory)"}), or {@code null}
     * when they can. While they cannot, a pass would receive messages it cannot settle: they would come back again
     * and again until they land in the dead-letter queue. Tries to write what waits first, so the drain resumes as
     * soon as the disk takes it.
     */
    public String writeProblem() {
        if (journalProblem() == null) {
            return null;
        }
        ledger.save();
        history.saveIfBehind();
        String problem = journalProblem();
        return problem == null ? null : "the journal cannot be written: " + problem;
    }

    static Duration exponentialBackoff(int failures) {
        int doublings = Math.min(failures - 1, 30);
        Duration backoff = FIRST_BACKOFF.multipliedBy(1L << doublings);
        return backoff.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff;
    }

    /**
     * Whether a periodic caller should run a pass now: the interval has passed since the last pass ended and no
     * back-off is in force, or an administrator asked for a pass.
     */
    public boolean isDue(Duration interval) {
        return untilDue(interval).isZero();
    }

    /** How long until {@link #isDue} turns true, {@link Duration#ZERO} when it is. */
    public Duration untilDue(Duration interval) {
        if (passRequested) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        Instant last = lastPassEnded;
        Instant due = last == null ? now : last.plus(interval);
        Instant backoff = backoffUntil;
        if (backoff != null && backoff.isAfter(due)) {
            due = backoff;
        }
        return due.isAfter(now) ? Duration.between(now, due) : Duration.ZERO;
    }

    /**
     * Ends the pass under way, if any, without waiting for its time bound, as when Jenkins shuts down: it stops
     * receiving and starting posts, lets the posts under way finish within the grace, saves what they posted and
     * deletes only final outcomes. Returns at once; {@link #runPass} returns when the pass has ended.
     *
     * @return whether a pass was under way
     */
    public boolean stopCurrentPass(String reason) {
        Drainer pass = current;
        if (pass != null) {
            pass.stopNow(reason);
        }
        return pass != null;
    }

    /** "Drain now": the next periodic check runs a pass, ignoring interval and back-off. */
    public void requestPass() {
        passRequested = true;
    }

    /** When the back-off after failed passes ends, or {@code null} when there is none. */
    public Instant backoffUntil() {
        return backoffUntil;
    }

    /** When the last pass ended, or {@code null} before the first. */
    public Instant lastPassEnded() {
        return lastPassEnded;
    }

    public HistorySnapshot snapshot() {
        return history.snapshot();
    }

    /** Why the posted-status journal or the history cannot be written, or {@code null} while they can. */
    public String journalProblem() {
        String journal = ledger.writeProblem();
        return journal != null ? journal : history.writeProblem();
    }

    /** The history, for pages that read one page of it at a time. */
    public DrainHistory history() {
        return history;
    }
}
