package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.events.BuildkiteEvent;
import io.jenkins.plugins.statusqueue.events.DecodeResult;
import io.jenkins.plugins.statusqueue.github.CommitStatus;
import io.jenkins.plugins.statusqueue.github.PostResult;
import io.jenkins.plugins.statusqueue.history.MessageRecord;
import io.jenkins.plugins.statusqueue.history.Outcome;
import io.jenkins.plugins.statusqueue.history.PassRecord;
import io.jenkins.plugins.statusqueue.queue.DeleteResult;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One drain pass: receives batches in parallel, turns each message into a commit status, posts them concurrently
 * and deletes every message whose outcome is final. A message whose outcome is not final stays in the queue and is
 * hidden for the retry delay. Not reusable: one instance per pass.
 */
final class Drainer {

    private static final Logger LOGGER = Logger.getLogger(Drainer.class.getName());
    /** After this many transient GitHub failures in a row the pass stops instead of failing every message. */
    static final int MAX_CONSECUTIVE_TRANSIENT_FAILURES = 5;
    private static final int MAX_PARALLEL_RECEIVES = 8;
    /** Batches deleted after one flush of the journal: a flush costs as much CPU as a batch delete. */
    static final int DELETE_GROUP = 3;
    /** The longest a settled message waits for a group to fill, well within any visibility timeout. */
    static final Duration DELETE_WITHIN = Duration.ofSeconds(2);
    /** Refusals stop a pass once they are most of at least this many answered posts. */
    static final int MIN_POSTS_TO_JUDGE = 5;

    /**
     * What one pass did, for the history and the back-off.
     *
     * @param handedOver messages received after the configuration changed, left unhandled for the next pass
     */
    record Result(PassRecord pass, List<MessageRecord> messages, Duration retryAfter, List<QueueMessage> handedOver) {
    }

    /** A message whose outcome is final, and when it was settled. */
    private record PendingDelete(QueueMessage message, Instant settledAt) {
    }

    /** A post GitHub refused, waiting for the pass's verdict. */
    private record Refused(Candidate candidate, String detail) {
    }

    /** A message that decoded into a status worth posting. */
    private record Candidate(QueueMessage message, Instant receivedAt, BuildkiteEvent event, CommitStatus status,
            StatusKey key, EventVersion version) {
    }

    private final DrainSetup setup;
    private final ExecutorService receivePool;
    private final QueueSource queue;
    private final DrainSettings settings;
    private final PostedStatusLedger ledger;
    private final Clock clock;
    private final int batchSize;
    /** Whether the configuration changed since this pass's setup was built. */
    private final BooleanSupplier configurationChanged;
    /** Messages an earlier pass received after its configuration changed: this pass handles them first. */
    private final List<QueueMessage> takenOver;
    private final List<QueueMessage> handedOver = new ArrayList<>();

    private final Map<String, MessageRecord> records = Collections.synchronizedMap(new LinkedHashMap<>());
    /** Posts handed to a worker and not finished yet. */
    private final Set<Candidate> inFlight = ConcurrentHashMap.newKeySet();
    /** Set when the pass has ended: threads it abandoned no longer record or delete anything. */
    private boolean closed;
    /** Settled messages waiting to be deleted, oldest first. */
    private final List<PendingDelete> pendingDeletes = new ArrayList<>();
    private final AtomicInteger deleted = new AtomicInteger();
    private final AtomicInteger consecutiveTransientFailures = new AtomicInteger();
    private final AtomicInteger postsAnswered = new AtomicInteger();
    /** Refused posts of this pass, by the way they were refused. */
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    /** Why the pass stopped receiving early; the first reason wins. */
    private final AtomicReference<String> stopReason = new AtomicReference<>();
    /** Posts answered 404 in GitHub's words, settled at the end of the pass. */
    private final List<Refused> notFound = new ArrayList<>();
    /** Set when most posts of the pass were refused the same way. */
    private volatile boolean refusedByMost;
    /** Set when GitHub cannot take statuses now (token refused, rate limit, outage): posts already queued wait. */
    private volatile String postingStopped;
    private final AtomicReference<Duration> retryAfter = new AtomicReference<>();

    /**
     * @param receivePool          where receives run; it outlives the pass (see {@link #newReceivePool()})
     * @param configurationChanged whether the configuration changed since {@code setup} was built: the pass then
     *                             receives no more, and hands what a receive brought after the change to the next
     *                             pass, which has the new settings
     * @param takenOver            what the previous pass handed over, from the same queue
     */
    Drainer(DrainSetup setup, PostedStatusLedger ledger, ExecutorService receivePool, Clock clock,
            BooleanSupplier configurationChanged, List<QueueMessage> takenOver) {
        this.receivePool = receivePool;
        this.configurationChanged = configurationChanged;
        this.takenOver = takenOver;
        this.setup = setup;
        this.queue = setup.queue();
        this.settings = setup.settings();
        this.ledger = ledger;
        this.clock = clock;
        this.batchSize = Math.max(1, Math.min(10, queue.maxBatchSize()));
    }

    Result run() {
        Instant started = clock.instant();
        Instant deadline = started.plus(settings.maxDuration());
        Instant end = deadline.plus(DrainSettings.GRACE);
        int receivers = Math.max(1, Math.min(MAX_PARALLEL_RECEIVES, settings.concurrency() / batchSize));
        ExecutorService postPool = Executors.newFixedThreadPool(settings.concurrency(), daemon("status-queue post"));
        Semaphore postSlots = new Semaphore(settings.concurrency());
        int received = 0;
        // One receive at a time until a full batch shows a backlog: an idle queue costs one long poll per pass.
        int width = 1;
        try {
            List<QueueMessage> carried = new ArrayList<>(takenOver);
            while (stopReason.get() == null && received < settings.maxMessages() && clock.instant().isBefore(deadline)
                    && !configurationChanged.getAsBoolean()) {
                List<QueueMessage> round = carried.isEmpty() ? receiveRound(receivePool, width,
                        settings.maxMessages() - received, deadline, end) : carried;
                carried = List.of();
                if (configurationChanged.getAsBoolean()) {
                    // Received after the change, or while it was saved: handled with the new settings.
                    handedOver.addAll(round);
                    break;
                }
                if (round.isEmpty()) {
                    break;
                }
                if (round.size() >= width * batchSize) {
                    width = receivers;
                }
                received += round.size();
                flushDeletes(false); // a slow trickle settles few messages: the time bound still deletes them
                for (Candidate candidate : newestPerStatus(round)) {
                    if (!acquireBefore(postSlots, deadline)) {
                        settle(candidate, Outcome.RETRY, "not attempted: the pass reached its time bound; it "
                                + "returns when its visibility timeout ends");
                        continue;
                    }
                    inFlight.add(candidate);
                    postPool.execute(() -> {
                        try {
                            post(candidate);
                        } catch (RuntimeException | Error e) {
                            LOGGER.log(Level.WARNING, "A status post failed unexpectedly", e);
                            settle(candidate, Outcome.RETRY, "the post's worker failed: " + e);
                        } finally {
                            inFlight.remove(candidate);
                            postSlots.release();
                        }
                    });
                }
            }
            handedOver.addAll(carried); // taken over by a pass whose configuration changed before it began
        } finally {
            postPool.shutdown();
            if (!awaitUntil(postPool, end)) {
                postPool.shutdownNow();
                stop(inFlight.size() + " status posts were still waiting for GitHub Enterprise when the pass ended "
                        + "(its time bound plus " + DrainSettings.GRACE.toSeconds() + " s)", null);
            }
            settleNotFound();
            finishDeletes(end);
            close();
        }
        return result(started, received);
    }

    /**
     * Ends the pass early, from any thread, as if it had reached its time bound: receiving and new posts stop, the
     * posts under way finish within the grace, and their messages are settled and deleted as usual.
     */
    void stopNow(String reason) {
        stopPosting(reason, null);
    }

    /** Waits for a post slot until the pass's time bound; false when the bound came first. */
    private boolean acquireBefore(Semaphore slots, Instant deadline) {
        try {
            return slots.tryAcquire(Math.max(0, millisUntil(deadline)), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private long millisUntil(Instant time) {
        return Duration.between(clock.instant(), time).toMillis();
    }

    /** The last deletes of the pass, given until {@code end}: what is not deleted by then is redelivered later. */
    private void finishDeletes(Instant end) {
        synchronized (pendingDeletes) {
            if (pendingDeletes.isEmpty()) {
                return; // no thread to start: a pass that found nothing leaves no trace
            }
        }
        ExecutorService last = Executors.newSingleThreadExecutor(daemon("status-queue delete"));
        last.execute(() -> flushDeletes(true));
        last.shutdown();
        if (!awaitUntil(last, end)) {
            last.shutdownNow();
            stop("deleting from " + queue.describe() + " did not finish before the pass ended", null);
        }
    }

    /**
     * Ends the pass's record: a post still in flight is recorded as RETRY (its message stays in the queue) and
     * whatever the abandoned threads do later is not recorded in this pass, nor deleted.
     */
    private void close() {
        synchronized (records) {
            for (Candidate candidate : inFlight) {
                records.putIfAbsent(candidate.message().receiptHandle(), record(candidate.message(),
                        candidate.receivedAt(), candidate.event(), candidate.status(), Outcome.RETRY,
                        "still in flight when the pass ended; it returns when its visibility timeout ends"));
            }
            closed = true;
        }
    }

    /** Up to {@code receivers} receive calls at once; a failure stops the pass but keeps what the others got. */
    private List<QueueMessage> receiveRound(ExecutorService pool, int receivers, int remaining, Instant deadline,
            Instant end) {
        long secondsLeft = Duration.between(clock.instant(), deadline).toSeconds();
        int wait = (int) Math.max(0, Math.min(settings.longPollSeconds(), secondsLeft));
        List<Future<List<QueueMessage>>> calls = new ArrayList<>();
        for (int i = 0; i < receivers && remaining > 0; i++) {
            int max = Math.min(batchSize, remaining);
            remaining -= max;
            try {
                calls.add(pool.submit(() -> queue.receive(max, wait)));
            } catch (RejectedExecutionException busy) {
                break; // every receive thread is held by a receive an earlier pass gave up on
            }
        }
        List<QueueMessage> round = new ArrayList<>();
        for (Future<List<QueueMessage>> call : calls) {
            try {
                round.addAll(call.get(Math.max(0, millisUntil(end)), TimeUnit.MILLISECONDS));
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof QueueException queueFailure) {
                    stop("queue: " + queueFailure.getMessage(), queueFailure.retryAfter());
                } else {
                    LOGGER.log(Level.WARNING, "Unexpected failure receiving from " + queue.describe(), cause);
                    stop("queue: unexpected " + cause, null);
                }
            } catch (TimeoutException e) {
                // What this call receives stays in flight in the queue and returns when its visibility ends.
                call.cancel(true);
                stop("queue: a receive from " + queue.describe() + " gave no complete answer before the pass ended",
                        null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                stop("interrupted", null);
            }
        }
        return round;
    }

    /**
     * Decodes a round, settles every message that cannot or need not be posted, and keeps only the newest build
     * per repository, commit and context: the others are superseded without being posted.
     */
    private List<Candidate> newestPerStatus(List<QueueMessage> round) {
        Map<StatusKey, Candidate> newest = new LinkedHashMap<>();
        for (QueueMessage message : round) {
            Instant receivedAt = clock.instant();
            DecodeResult decoded;
            try {
                decoded = setup.decoder().decode(message.body());
            } catch (RuntimeException e) {
                // A decoder bug must not stop the drain, nor delete a message that might decode after a fix.
                LOGGER.log(Level.WARNING, "Cannot decode message " + message.messageId(), e);
                settle(message, receivedAt, null, null, Outcome.RETRY, "decoder failed: " + e);
                continue;
            }
            if (decoded.kind() != DecodeResult.Kind.EVENT) {
                Outcome outcome = decoded.kind() == DecodeResult.Kind.SKIPPED ? Outcome.SKIPPED : Outcome.INVALID;
                settle(message, receivedAt, decoded.event(), null, outcome, decoded.reason());
                continue;
            }
            BuildkiteEvent event = decoded.event();
            Optional<CommitStatus> status = setup.mapper().map(event);
            if (status.isEmpty()) {
                settle(message, receivedAt, event, null, Outcome.SKIPPED,
                        "Buildkite " + (event.job() == null ? "state '" : "step outcome '") + event.statusState()
                                + "' is mapped to no status");
                continue;
            }
            Candidate candidate = new Candidate(message, receivedAt, event, status.get(),
                    StatusKey.of(event, status.get()), EventVersion.of(event));
            Candidate other = newest.get(candidate.key());
            if (other == null) {
                newest.put(candidate.key(), candidate);
            } else {
                boolean candidateWins = candidate.version().compareTo(other.version()) > 0;
                Candidate loser = candidateWins ? other : candidate;
                Candidate winner = candidateWins ? candidate : other;
                settle(loser, Outcome.SUPERSEDED, supersededBy(winner.version(), loser.version())
                        + ", received in the same pass");
                newest.put(candidate.key(), winner);
            }
        }
        return new ArrayList<>(newest.values());
    }

    /** Why {@code loser} is not posted: a redelivery of {@code winner}, or older than it. */
    private static String supersededBy(EventVersion winner, EventVersion loser) {
        return winner.compareTo(loser) == 0 ? "a redelivery of " + winner.describe()
                : "superseded by " + winner.describe();
    }

    private void post(Candidate candidate) {
        String stopped = postingStopped;
        if (stopped != null) {
            retryLater(candidate, "not attempted: " + stopped, retryAfter.get());
            return;
        }
        PostedStatusLedger.KeyLock held = ledger.lock(candidate.key());
        try {
            EventVersion posted = ledger.posted(candidate.key());
            if (posted != null && posted.compareTo(candidate.version()) >= 0) {
                settle(candidate, Outcome.SUPERSEDED, supersededBy(posted, candidate.version()) + ", already posted");
                return;
            }
            PostResult result;
            try {
                result = setup.sink().post(candidate.status());
            } catch (RuntimeException e) {
                LOGGER.log(Level.WARNING, "Status sink failed unexpectedly", e);
                result = PostResult.retry("unexpected " + e, null);
            }
            int answered = postsAnswered.incrementAndGet();
            switch (result.kind()) {
                case ACCEPTED -> {
                    ledger.recordPosted(candidate.key(), candidate.version());
                    consecutiveTransientFailures.set(0);
                    settle(candidate, Outcome.POSTED, result.detail());
                }
                case FINAL -> {
                    consecutiveTransientFailures.set(0);
                    if (result.refusal() == null) {
                        settle(candidate, Outcome.REJECTED, result.detail());
                    } else {
                        // A 404: settled once the pass knows whether most posts were refused.
                        synchronized (notFound) {
                            notFound.add(new Refused(candidate, result.detail()));
                        }
                        countRefusal(result.refusal(), answered);
                    }
                }
                case REFUSED -> {
                    consecutiveTransientFailures.set(0);
                    countRefusal(result.refusal(), answered);
                    retryLater(candidate, result.detail(), null);
                }
                case RETRY -> {
                    if (result.retryAfter() != null) {
                        stopPosting("GitHub Enterprise asked to wait " + result.retryAfter().toSeconds() + " s: "
                                + result.detail(), result.retryAfter());
                    } else if (consecutiveTransientFailures.incrementAndGet() >= MAX_CONSECUTIVE_TRANSIENT_FAILURES) {
                        stopPosting(MAX_CONSECUTIVE_TRANSIENT_FAILURES + " GitHub Enterprise failures in a row, the "
                                + "last: " + result.detail(), null);
                    }
                    retryLater(candidate, result.detail(), result.retryAfter());
                }
                default -> throw new IllegalStateException("unknown post result " + result.kind());
            }
        } finally {
            held.close();
        }
    }

    /** Stops posting once most of at least {@link #MIN_POSTS_TO_JUDGE} answered posts were refused the same way. */
    private void countRefusal(String refusal, int answered) {
        int sameWay = refusals.computeIfAbsent(refusal, way -> new AtomicInteger()).incrementAndGet();
        if (answered >= MIN_POSTS_TO_JUDGE && 2 * sameWay > answered) {
            refusedByMost = true;
            stopPosting(DrainService.TOKEN_REFUSED + " " + sameWay + " of " + answered + " status posts "
                    + "with " + refusal + "; the messages stay in the queue until the token or its access is fixed",
                    null);
        }
    }

    /**
     * The 404s of the pass: final, unless most posts were refused, as when the token lost access to the repositories
     * (GitHub then answers 404 for a private repository): then they stay in the queue with the rest.
     */
    private void settleNotFound() {
        List<Refused> answered;
        synchronized (notFound) {
            answered = new ArrayList<>(notFound);
            notFound.clear();
        }
        for (Refused refused : answered) {
            if (refusedByMost) {
                retryLater(refused.candidate(), refused.detail() + "; kept, as most posts of this pass were refused",
                        null);
            } else {
                settle(refused.candidate(), Outcome.REJECTED, refused.detail());
            }
        }
    }

    private void stopPosting(String reason, Duration wait) {
        if (postingStopped == null) {
            postingStopped = reason;
        }
        stop(reason, wait);
    }

    private void stop(String reason, Duration wait) {
        if (stopReason.compareAndSet(null, reason) && wait != null) {
            retryAfter.set(wait);
        }
    }

    /** Leaves the message in the queue, hidden long enough not to be retried at once. */
    private void retryLater(Candidate candidate, String reason, Duration wait) {
        Duration delay = wait != null && wait.compareTo(settings.retryDelay()) > 0 ? wait : settings.retryDelay();
        String outcomeReason = reason;
        try {
            queue.postpone(candidate.message(), (int) Math.min(Integer.MAX_VALUE, delay.toSeconds()));
        } catch (QueueException e) {
            outcomeReason = reason + "; could not postpone it (" + e.getMessage() + "), it returns when its "
                    + "visibility timeout ends";
        }
        settle(candidate, Outcome.RETRY, outcomeReason);
    }

    private void settle(Candidate candidate, Outcome outcome, String reason) {
        settle(candidate.message(), candidate.receivedAt(), candidate.event(), candidate.status(), outcome, reason);
    }

    /**
     * Records a message's outcome and, when it is final, queues the message for deletion. The first outcome of a
     * delivery stands; after the pass has ended nothing is recorded.
     */
    private void settle(QueueMessage message, Instant receivedAt, BuildkiteEvent event, CommitStatus status,
            Outcome outcome, String reason) {
        synchronized (records) {
            if (closed || records.putIfAbsent(message.receiptHandle(),
                    record(message, receivedAt, event, status, outcome, reason)) != null) {
                return;
            }
        }
        if (outcome.isFinal()) {
            synchronized (pendingDeletes) {
                pendingDeletes.add(new PendingDelete(message, clock.instant()));
            }
            flushDeletes(false);
        }
    }

    private MessageRecord record(QueueMessage message, Instant receivedAt, BuildkiteEvent event, CommitStatus status,
            Outcome outcome, String reason) {
        Instant now = clock.instant();
        return new MessageRecord(now, message.messageId(), event == null ? null : event.repository().toString(),
                event == null ? null : event.commit(), status == null ? null : status.context(),
                event == null ? null : event.statusState(), status == null ? null : status.state().wireName(), outcome,
                reason, event == null ? null : event.buildUrl(), message.receiveCount(),
                Duration.between(receivedAt, now).toMillis());
    }

    /**
     * Deletes what is settled in groups of {@link #DELETE_GROUP} batches, one journal flush for each group, or sooner
     * once the oldest has waited {@link #DELETE_WITHIN}; at the end of the pass whatever is left.
     */
    private void flushDeletes(boolean all) {
        while (true) {
            List<QueueMessage> group;
            synchronized (pendingDeletes) {
                if (pendingDeletes.isEmpty() || !all && pendingDeletes.size() < DELETE_GROUP * batchSize
                        && clock.instant().isBefore(pendingDeletes.get(0).settledAt().plus(DELETE_WITHIN))) {
                    return;
                }
                List<PendingDelete> head = pendingDeletes.subList(0, Math.min(DELETE_GROUP * batchSize,
                        pendingDeletes.size()));
                group = head.stream().map(PendingDelete::message).toList();
                head.clear();
            }
            delete(group);
        }
    }

    /**
     * Deletes a group once the journal holds every status posted so far: a POSTED or SUPERSEDED message is only gone
     * when what it posted, or what superseded it, survives a crash. When the journal cannot be saved those stay in
     * the queue and come back as redeliveries; the others are deleted.
     */
    private void delete(List<QueueMessage> batch) {
        List<QueueMessage> deletable = batch;
        if (!ledger.save()) {
            // Receiving more would only send more messages round towards the dead-letter queue.
            stop("the journal cannot be written: " + ledger.writeProblem(), null);
            deletable = new ArrayList<>();
            Map<QueueMessage, String> kept = new LinkedHashMap<>();
            for (QueueMessage message : batch) {
                MessageRecord record = records.get(message.receiptHandle());
                if (record != null && (record.outcome() == Outcome.POSTED || record.outcome() == Outcome.SUPERSEDED)) {
                    kept.put(message, "the posted-status journal cannot be saved");
                } else {
                    deletable.add(message);
                }
            }
            noteNotDeleted(kept);
            if (deletable.isEmpty()) {
                return;
            }
        }
        DeleteResult result;
        try {
            result = queue.delete(deletable);
        } catch (QueueException e) {
            Map<QueueMessage, String> failed = new LinkedHashMap<>();
            deletable.forEach(message -> failed.put(message, e.getMessage()));
            result = new DeleteResult(List.of(), failed);
        }
        deleted.addAndGet(result.deleted().size());
        noteNotDeleted(result.failed());
    }

    private void noteNotDeleted(Map<QueueMessage, String> notDeleted) {
        notDeleted.forEach((message, why) -> records.computeIfPresent(message.receiptHandle(),
                (handle, record) -> new MessageRecord(record.time(), record.messageId(), record.repository(),
                        record.sha(), record.context(), record.buildkiteState(), record.githubState(),
                        record.outcome(), record.reason() + "; not deleted (" + why + "), it will be redelivered",
                        record.buildUrl(), record.receiveCount(), record.millis())));
    }

    private Result result(Instant started, int received) {
        List<MessageRecord> messages;
        synchronized (records) {
            messages = new ArrayList<>(records.values());
        }
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        messages.forEach(record -> outcomes.merge(record.outcome(), 1, Integer::sum));
        PassRecord pass = new PassRecord(started, Duration.between(started, clock.instant()), received, outcomes,
                deleted.get(), stopReason.get());
        return new Result(pass, messages, retryAfter.get(), List.copyOf(handedOver));
    }

    /** Whether the pool finished its work before {@code end}. */
    private boolean awaitUntil(ExecutorService pool, Instant end) {
        try {
            return pool.awaitTermination(Math.max(0, millisUntil(end)), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The receive threads of every pass of one service, kept between passes and ended after a minute unused: a pass
     * that finds the queue empty starts no thread, and so writes nothing (a thread start dirties a page of the JVM's
     * perf-data file). A receive an earlier pass abandoned may still hold a thread; a round then receives less.
     */
    static ExecutorService newReceivePool() {
        return new ThreadPoolExecutor(0, MAX_PARALLEL_RECEIVES, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemon("status-queue receive"));
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + " " + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
