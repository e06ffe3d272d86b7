package io.jenkins.plugins.statusqueue.trigger;

import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.IntSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One long-polling loop for one queue, shared by every job that triggers on it. Each message is offered to every
 * subscribed job that is enabled: each whose filter matches and whose mapping accepts it gets a build (fan-out), and
 * the message is deleted only once all of them are scheduled (each recorded in the ledger) or have failed for good
 * (a bound broken, a value a parameter refuses). A message no job takes stays in the queue and returns after its
 * visibility timeout; a message whose builds were already scheduled is deleted without a second build. A queue that
 * cannot be reached loses nothing: the loop backs off and tries again.
 * <p>
 * The queue's {@link TriggerLimits} hold under a flood: the loop receives no more messages than the jobs have room
 * for in Jenkins' queue and the rate allows, and a message for a job that is full (or over the rate) is released
 * with a visibility change, its other jobs' builds recorded, to be built later; it is never dropped. Every filter
 * and mapping reads the message within its bounds ({@link MessageBody}).
 * <p>
 * Nothing one message does ends the loop: each message is handled under a catch of every {@link Throwable} (a
 * scheduler bug, a {@link StackOverflowError}); the message then stays in the queue, the error is recorded for the
 * job and the queue, and the loop backs off before its next poll. Only {@link #stop()} or the interruption of its
 * thread ends it.
 */
public final class QueuePoller {

    private static final Logger LOGGER = Logger.getLogger(QueuePoller.class.getName());
    static final int LONG_POLL_SECONDS = 20;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    /** How often a queue whose jobs are all full looks at Jenkins' queue again, receiving nothing meanwhile. */
    static final Duration FULL_RECHECK = Duration.ofSeconds(1);
    /** The first hold of a message for a full job; doubled at each receive, up to {@link #MAX_HOLD}. */
    static final Duration FIRST_HOLD = Duration.ofSeconds(10);
    static final Duration MAX_HOLD = Duration.ofMinutes(15);
    private static final int ERROR_LINES = 20;

    /** Opens the queue's source, with credentials resolved when it is called. */
    @FunctionalInterface
    public interface Opener {
        QueueSource open() throws QueueException;
    }

    /** Starts the job's build. */
    @FunctionalInterface
    public interface Scheduler {

        /**
         * @return false when it cannot now (the job is disabled, Jenkins is shutting down): the message stays for
         *         another try
         * @throws BuildRefusedException when the job can never build this message (a parameter refuses its value)
         */
        boolean schedule(QueueMessage message, Map<String, String> parameters) throws BuildRefusedException;
    }

    /**
     * A job listening on the queue.
     *
     * @param computed      whether a folder computes the job (a multibranch project's branch job)
     * @param waitingBuilds how many of the job's builds wait in Jenkins' queue now
     */
    public record Subscriber(String name, boolean computed, MessageFilter filter, MessageMapper mapper,
            BooleanSupplier enabled, IntSupplier waitingBuilds, Scheduler scheduler) {

        /** The same job under its new full name. */
        public Subscriber renamed(String newName) {
            return new Subscriber(newName, computed, filter, mapper, enabled, waitingBuilds, scheduler);
        }
    }

    /** A queue problem, as the status page lists it. */
    public record Problem(Instant time, String messageId, ErrorCategory category, String detail) {
    }

    private final Opener opener;
    private final String description;
    private final TriggerLimits limits;
    private final DeliveryLedger ledger;
    private final ActivityLog log;
    private final Clock clock;
    private final BuildRate rate;
    private final Duration firstHold;
    private final Map<String, Subscriber> subscribers = new ConcurrentSkipListMap<>();
    /** The jobs whose messages are being held back, so that their log says so once, not for every message. */
    private final Set<String> holding = ConcurrentHashMap.newKeySet();
    private final Deque<Problem> problems = new ArrayDeque<>();
    /** Guards opening and closing the source, so that {@link #stop()} can close it while a poll waits. */
    private final Object sourceLock = new Object();
    private QueueSource source;
    private volatile boolean stopped;
    private volatile Instant lastPoll;
    private volatile String lastError;
    private volatile ErrorCategory lastErrorCategory;
    private final AtomicLong held = new AtomicLong();
    private Duration backoff = FIRST_BACKOFF;

    /**
     * @param opener      called on the poller's first poll, and again after a failure that reopening may cure (refused
     *                    credentials, a configuration problem): credentials are resolved anew each time
     * @param description what the queue is, for the status page
     */
    public QueuePoller(Opener opener, String description, TriggerLimits limits, DeliveryLedger ledger, ActivityLog log,
            Clock clock) {
        this(opener, description, limits, ledger, log, clock, FIRST_HOLD);
    }

    /** @param firstHold how long a message for a full job is first held back (tests shorten it) */
    QueuePoller(Opener opener, String description, TriggerLimits limits, DeliveryLedger ledger, ActivityLog log,
            Clock clock, Duration firstHold) {
        this.opener = opener;
        this.description = description;
        this.limits = limits;
        this.ledger = ledger;
        this.log = log;
        this.clock = clock;
        this.rate = new BuildRate(limits.buildsPerMinute(), clock);
        this.firstHold = firstHold;
    }

    public void subscribe(Subscriber subscriber) {
        subscribers.put(subscriber.name(), subscriber);
    }

    /** Makes {@code current} the jobs listening, replacing whoever listened before. */
    void subscribeExactly(Collection<Subscriber> current) {
        List<String> names = current.stream().map(Subscriber::name).toList();
        subscribers.keySet().retainAll(names);
        current.forEach(this::subscribe);
    }

    /** The jobs listening, in the order they are offered each message. */
    public List<String> subscriberNames() {
        return new ArrayList<>(subscribers.keySet());
    }

    public TriggerLimits limits() {
        return limits;
    }

    /**
     * One receive, of no more messages than the jobs have room for, and the handling of what it brought.
     *
     * @return how long the caller should wait before the next poll: zero, a back-off after a failure, or the time
     *         until a job has room or the rate allows a build
     */
    public synchronized Duration pollOnce(int waitSeconds) {
        List<QueueMessage> messages;
        QueueSource open;
        try {
            synchronized (sourceLock) {
                if (stopped) {
                    return Duration.ZERO;
                }
                if (source == null) {
                    source = opener.open();
                }
                open = source;
            }
            int room = room(open.maxBatchSize());
            if (room <= 0) {
                return room == 0 ? FULL_RECHECK : rate.untilNext();
            }
            messages = open.receive(room, waitSeconds);
            lastPoll = clock.instant();
            lastError = null;
            lastErrorCategory = null;
        } catch (QueueException e) {
            if (stopped) {
                return Duration.ZERO;
            }
            LOGGER.log(Level.FINE, "Cannot poll " + description, e);
            if (!e.kind().isTransient()) {
                closeSource();
            }
            Duration wait = pollFailed(e);
            return e.retryAfter() != null && e.retryAfter().compareTo(wait) > 0 ? e.retryAfter() : wait;
        } catch (Throwable e) {
            if (stopped) {
                return Duration.ZERO;
            }
            LOGGER.log(Level.WARNING, "Cannot poll " + description, e);
            closeSource();
            return pollFailed(e);
        }
        boolean failed = false;
        List<QueueMessage> done = new ArrayList<>();
        for (QueueMessage message : messages) {
            if (stopped || Thread.currentThread().isInterrupted()) {
                break;
            }
            try {
                failed |= !handle(open, message, done);
            } catch (Throwable e) {
                failed = true;
                messageFailed(idOf(message), e);
            }
        }
        if (!done.isEmpty()) {
            delete(open, done);
        }
        if (failed) {
            return nextBackoff();
        }
        backoff = FIRST_BACKOFF;
        return Duration.ZERO;
    }

    /**
     * How many messages to receive: as many as the emptiest enabled job has room for in Jenkins' queue (then no
     * message needs holding back), or, while some job is full, as many as the roomiest one has; and no more than the
     * rate allows builds for, each message counted once per job. 0 when every job is full, -1 when the rate allows
     * no build now.
     */
    private int room(int batch) {
        int least = Integer.MAX_VALUE;
        int most = 0;
        int jobs = 0;
        for (Subscriber subscriber : subscribers.values()) {
            if (subscriber.enabled().getAsBoolean()) {
                int room = limits.maxWaitingBuilds() - subscriber.waitingBuilds().getAsInt();
                least = Math.min(least, room);
                most = Math.max(most, room);
                jobs++;
            }
        }
        if (jobs == 0) {
            return batch;
        }
        int room = least > 0 ? least : most;
        if (room <= 0) {
            return 0;
        }
        int builds = rate.available();
        if (builds == 0) {
            return -1;
        }
        return Math.min(batch, Math.min(room, Math.max(1, builds / jobs)));
    }

    private Duration pollFailed(Throwable error) {
        lastPoll = clock.instant();
        lastError = error instanceof QueueException ? error.getMessage() : error.toString();
        lastErrorCategory = ErrorCategory.of(error);
        return nextBackoff();
    }

    private Duration nextBackoff() {
        Duration wait = backoff;
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        return wait;
    }

    private void messageFailed(String messageId, Throwable e) {
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
        }
        String problem = "Handling message " + messageId + " of " + description + " failed; it stays in the queue";
        LOGGER.warning(problem + ": " + e);
        LOGGER.log(Level.FINE, problem, e);
        addProblem(messageId, ErrorCategory.FAILED, e.toString());
    }

    private void addProblem(String messageId, ErrorCategory category, String detail) {
        synchronized (problems) {
            problems.addFirst(new Problem(clock.instant(), messageId, category, detail));
            while (problems.size() > ERROR_LINES) {
                problems.removeLast();
            }
        }
    }

    private static String idOf(QueueMessage message) {
        return message.messageId() == null ? message.receiptHandle() : message.messageId();
    }

    /** What became of one message for one job. */
    private enum Outcome {
        /** Not for this job: its filter or mapping declined it, or the job is disabled. */
        NOT_FOR_JOB,
        /** Its build is scheduled, now or on an earlier delivery. */
        BUILT,
        /** It can never be built for this job: over a bound, a mapping error, a refused value. */
        FAILED,
        /** The job is full or the queue over its rate: it waits in the queue, hidden for a while. */
        HELD,
        /** The job cannot schedule it now, or handling it failed: it stays in the queue. */
        STAYS
    }

    /**
     * @param done where a message whose outcome is final goes, to be deleted with the rest of its batch
     * @return false when handling the message for some job failed (it was recorded, the message stays)
     */
    private boolean handle(QueueSource open, QueueMessage message, List<QueueMessage> done) {
        String id = idOf(message);
        if (ledger.contains(id)) {
            // Redelivered: its builds were already scheduled, so it is deleted without more.
            done.add(message);
            return true;
        }
        MessageBody body = new MessageBody(message, limits.bounds());
        EnumSet<Outcome> outcomes = EnumSet.noneOf(Outcome.class);
        boolean handled = true;
        for (Subscriber subscriber : subscribers.values()) {
            try {
                outcomes.add(offer(subscriber, body, id));
            } catch (Throwable e) {
                handled = false;
                outcomes.add(Outcome.STAYS);
                messageFailed(id, e);
                log.note(subscriber.name(), id, "not built, the message stays in the queue: handling it "
                        + ErrorCategory.FAILED, e.toString());
            }
        }
        if (outcomes.contains(Outcome.HELD)) {
            hold(open, message);
        } else if (!outcomes.contains(Outcome.STAYS)
                && (outcomes.contains(Outcome.BUILT) || outcomes.contains(Outcome.FAILED))) {
            ledger.record(id);
            done.add(message);
        }
        return handled;
    }

    private Outcome offer(Subscriber subscriber, MessageBody body, String id) throws BuildRefusedException {
        String name = subscriber.name();
        String key = id + " " + name.replace('\n', ' ');
        if (!subscriber.enabled().getAsBoolean()) {
            return Outcome.NOT_FOR_JOB;
        }
        if (ledger.contains(key)) {
            return Outcome.BUILT;
        }
        MessageMapping mapping;
        try {
            if (!subscriber.filter().accepts(body)) {
                return Outcome.NOT_FOR_JOB;
            }
            mapping = map(subscriber.mapper(), body);
        } catch (MessageFilter.UndecidedException e) {
            log.note(name, id, "not built: the filter cannot decide", e.getMessage());
            return Outcome.NOT_FOR_JOB;
        } catch (MessageBounds.ExceededException e) {
            log.note(name, id, "not built: " + ErrorCategory.OVER_BOUND, e.getMessage());
            addProblem(id, ErrorCategory.OVER_BOUND, name + ": " + e.getMessage());
            return Outcome.FAILED;
        }
        if (mapping.kind() == MessageMapping.Kind.ERROR) {
            log.note(name, id, "not built: the message cannot be mapped", mapping.reason());
            return Outcome.FAILED;
        }
        if (mapping.kind() == MessageMapping.Kind.DECLINED) {
            return Outcome.NOT_FOR_JOB;
        }
        int waiting = subscriber.waitingBuilds().getAsInt();
        if (waiting >= limits.maxWaitingBuilds()) {
            if (holding.add(name)) {
                log.note(name, id, "held back in the queue: " + waiting + " builds wait in Jenkins' queue (at most "
                        + limits.maxWaitingBuilds() + "); this and further messages are built later");
            }
            return Outcome.HELD;
        }
        if (!rate.take()) {
            if (holding.add(name)) {
                log.note(name, id, "held back in the queue: the queue started its " + rate.perMinute()
                        + " builds of the last minute; this and further messages are built later");
            }
            return Outcome.HELD;
        }
        try {
            if (!subscriber.scheduler().schedule(body.message(), mapping.parameters())) {
                log.note(name, id, "accepted, but the build could not be scheduled; left in the queue");
                return Outcome.STAYS;
            }
        } catch (BuildRefusedException e) {
            log.note(name, id, "not built: " + e.publicReason(), e.getMessage());
            return Outcome.FAILED;
        }
        ledger.record(key);
        if (holding.remove(name)) {
            log.note(name, id, "no longer held back");
        }
        log.note(name, id, "build scheduled");
        return Outcome.BUILT;
    }

    /** The mapping, within the message's bounds: a custom one reads at most the bounded body and passes few fields. */
    private static MessageMapping map(MessageMapper mapper, MessageBody body) throws MessageBounds.ExceededException {
        if (mapper instanceof BodyMapper bounded) {
            return bounded.map(body);
        }
        body.text();
        MessageMapping mapping = mapper.map(body.message());
        body.bounds().checkFields(mapping.parameters().size() - StandardMappers.RAW_VALUES);
        return mapping;
    }

    /** Hides the message for longer at each receive, so that a job full for hours does not send it to a DLQ soon. */
    private void hold(QueueSource open, QueueMessage message) {
        held.incrementAndGet();
        int doublings = Math.max(0, Math.min(16, message.receiveCount() - 1));
        Duration hold = firstHold.multipliedBy(1L << doublings);
        Duration wait = hold.compareTo(MAX_HOLD) > 0 ? MAX_HOLD : hold;
        Duration rateWait = rate.untilNext();
        if (rateWait.compareTo(wait) > 0) {
            wait = rateWait;
        }
        try {
            open.postpone(message, (int) Math.max(1, wait.toSeconds()));
        } catch (QueueException e) {
            LOGGER.log(Level.FINE, "Cannot hold back a message of " + description + "; it returns after its "
                    + "visibility timeout", e);
        }
    }

    /** Deletes one batch's finished messages in one call; the ledger keeps a message whose delete fails. */
    private void delete(QueueSource open, List<QueueMessage> messages) {
        try {
            open.delete(messages).failed().forEach((message, reason) -> addProblem(idOf(message),
                    ErrorCategory.BAD_ANSWER, "the delete failed (" + reason + "); the ledger keeps a redelivery from "
                            + "building again"));
        } catch (QueueException e) {
            for (QueueMessage message : messages) {
                addProblem(idOf(message), ErrorCategory.of(e), "the delete failed (" + e.getMessage() + "); the "
                        + "ledger keeps a redelivery from building again");
            }
        }
    }

    /** A job's recent messages, newest first. */
    public List<ActivityLog.Activity> activity(String subscriber) {
        return log.lines(subscriber);
    }

    /** The recent problems with messages (over a bound, handling failed, a delete failed), newest first. */
    public List<Problem> problems() {
        synchronized (problems) {
            return new ArrayList<>(problems);
        }
    }

    /** How many times a message was held back for a full job or the rate since the poller started. */
    public long heldCount() {
        return held.get();
    }

    /** When the queue was last polled, or {@code null}. */
    public Instant lastPoll() {
        return lastPoll;
    }

    /** Why the last poll failed, or {@code null} when it worked: for the status page. */
    public String lastError() {
        return lastError;
    }

    /** What kind of failure the last poll had, or {@code null}: for the job's readers. */
    public ErrorCategory lastErrorCategory() {
        return lastErrorCategory;
    }

    public String describe() {
        return description;
    }

    /**
     * Ends {@link #run()}: no job is offered another message, and the source is closed now, which aborts a long poll
     * in progress (the SDK does not heed interruption). The messages not handled stay in the queue.
     */
    public void stop() {
        stopped = true;
        subscribers.clear();
        closeSource();
    }

    public boolean isStopped() {
        return stopped;
    }

    /** Polls until {@link #stop()} or the thread's interruption; then closes the source. */
    public void run() {
        try {
            while (!stopped && !Thread.currentThread().isInterrupted()) {
                Duration wait = pollOnce(LONG_POLL_SECONDS);
                if (!wait.isZero() && !stopped) {
                    Thread.sleep(wait.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeSource();
        }
    }

    private void closeSource() {
        synchronized (sourceLock) {
            if (source != null) {
                try {
                    source.close();
                } catch (RuntimeException e) {
                    LOGGER.log(Level.FINE, "Closing " + description, e);
                }
                source = null;
            }
        }
    }
}
