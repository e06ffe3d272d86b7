package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.history.HistorySnapshot;
import io.jenkins.plugins.statusqueue.history.PassRecord;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
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

    /** A service whose memory of posted statuses lasts as long as it does. */
    public DrainService(DrainHistory history, Clock clock) {
        this(history, PostedStatusLedger.inMemory(LEDGER_CAPACITY), clock);
    }

    /**
     * A service that keeps its memory of posted statuses in {@code ledgerJournal}, so that after a restart an older
     * redelivered event still never overwrites a newer status.
     */
    public DrainService(DrainHistory history, Path ledgerJournal, Clock clock) {
        this(history, PostedStatusLedger.open(ledgerJournal, LEDGER_CAPACITY), clock);
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
    public synchronized PassRecord runPass(DrainSetup setup) {
        passRequested = false;
        Instant started = clock.instant();
        Drainer.Result result;
        try {
            current = new Drainer(setup, ledger, receivePool, clock);
            result = current.run();
        } catch (RuntimeException | Error e) {
            LOGGER.log(Level.WARNING, "Drain pass failed unexpectedly", e);
            result = new Drainer.Result(new PassRecord(started, Duration.between(started, clock.instant()), 0,
                    Map.of(), 0, "unexpected " + e), List.of(), null);
        }
        current = null;
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

    /** Why the posted-status journal cannot be written, or {@code null} while it can. */
    public String journalProblem() {
        return ledger.saveProblem();
    }

    /** The history, for pages that read one page of it at a time. */
    public DrainHistory history() {
        return history;
    }
}
