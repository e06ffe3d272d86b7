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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One long-polling loop for one queue, shared by every job that triggers on it. Each message goes to the first
 * subscribed job (by name) that is enabled, whose filter matches and whose mapping accepts it; the message is
 * deleted only once that job's build is scheduled and recorded in the ledger. A message no job takes stays in the
 * queue and returns after its visibility timeout; a message whose build was already scheduled is deleted without
 * a second build. A queue that cannot be reached loses nothing: the loop backs off and tries again.
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
    private static final int ERROR_LINES = 20;

    /** Opens the queue's source, with credentials resolved when it is called. */
    @FunctionalInterface
    public interface Opener {
        QueueSource open() throws QueueException;
    }

    /** Starts the job's build; false when it cannot now (the message then stays for another try). */
    @FunctionalInterface
    public interface Scheduler {
        boolean schedule(QueueMessage message, Map<String, String> parameters);
    }

    /** A job listening on the queue. */
    public record Subscriber(String name, MessageFilter filter, MessageMapper mapper, BooleanSupplier enabled,
            Scheduler scheduler) {

        /** The same job under its new full name. */
        public Subscriber renamed(String newName) {
            return new Subscriber(newName, filter, mapper, enabled, scheduler);
        }
    }

    private final Opener opener;
    private final String description;
    private final DeliveryLedger ledger;
    private final ActivityLog log;
    private final Clock clock;
    private final Map<String, Subscriber> subscribers = new ConcurrentSkipListMap<>();
    private final Deque<ActivityLog.Activity> errors = new ArrayDeque<>();
    /** Guards opening and closing the source, so that {@link #stop()} can close it while a poll waits. */
    private final Object sourceLock = new Object();
    private QueueSource source;
    private volatile boolean stopped;
    private volatile Instant lastPoll;
    private volatile String lastError;
    private Duration backoff = FIRST_BACKOFF;

    /**
     * @param opener      called on the poller's first poll, and again after a failure that reopening may cure (refused
     *                    credentials, a configuration problem): credentials are resolved anew each time
     * @param description what the queue is, for the status page
     */
    public QueuePoller(Opener opener, String description, DeliveryLedger ledger, ActivityLog log, Clock clock) {
        this.opener = opener;
        this.description = description;
        this.ledger = ledger;
        this.log = log;
        this.clock = clock;
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

    /**
     * One receive and the handling of what it brought.
     *
     * @return how long the caller should wait before the next poll: zero, or a back-off after a failure
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
            messages = open.receive(open.maxBatchSize(), waitSeconds);
            lastPoll = clock.instant();
            lastError = null;
        } catch (QueueException e) {
            if (stopped) {
                return Duration.ZERO;
            }
            LOGGER.log(Level.FINE, "Cannot poll " + description, e);
            if (!e.kind().isTransient()) {
                closeSource();
            }
            Duration wait = pollFailed(e.getMessage());
            return e.retryAfter() != null && e.retryAfter().compareTo(wait) > 0 ? e.retryAfter() : wait;
        } catch (Throwable e) {
            if (stopped) {
                return Duration.ZERO;
            }
            LOGGER.log(Level.WARNING, "Cannot poll " + description, e);
            closeSource();
            return pollFailed(e.toString());
        }
        boolean failed = false;
        for (QueueMessage message : messages) {
            if (stopped || Thread.currentThread().isInterrupted()) {
                break;
            }
            try {
                failed |= !handle(open, message);
            } catch (Throwable e) {
                failed = true;
                messageFailed(idOf(message), e);
            }
        }
        if (failed) {
            return nextBackoff();
        }
        backoff = FIRST_BACKOFF;
        return Duration.ZERO;
    }

    private Duration pollFailed(String error) {
        lastPoll = clock.instant();
        lastError = error;
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
        synchronized (errors) {
            errors.addFirst(new ActivityLog.Activity(clock.instant(), messageId, e.toString()));
            while (errors.size() > ERROR_LINES) {
                errors.removeLast();
            }
        }
    }

    private static String idOf(QueueMessage message) {
        return message.messageId() == null ? message.receiptHandle() : message.messageId();
    }

    /** @return false when handling the message for some job failed (it was recorded, the message stays) */
    private boolean handle(QueueSource open, QueueMessage message) {
        String id = idOf(message);
        if (ledger.contains(id)) {
            delete(open, message, null, "redelivered: its build was already scheduled; deleted without a second build");
            return true;
        }
        boolean handled = true;
        for (Subscriber subscriber : subscribers.values()) {
            try {
                if (offer(open, subscriber, message, id)) {
                    return handled;
                }
            } catch (Throwable e) {
                handled = false;
                messageFailed(id, e);
                log.note(subscriber.name(), id, "not built, the message stays in the queue: handling it failed ("
                        + e + ")");
            }
        }
        return handled;
    }

    /** @return true when the subscriber's build was scheduled and the message is done */
    private boolean offer(QueueSource open, Subscriber subscriber, QueueMessage message, String id) {
        if (!subscriber.enabled().getAsBoolean()) {
            return false;
        }
        try {
            if (!subscriber.filter().accepts(message.body())) {
                return false;
            }
        } catch (MessageFilter.UndecidedException e) {
            log.note(subscriber.name(), id, "not built: the filter cannot decide (" + e.getMessage() + ")");
            return false;
        }
        MessageMapping mapping = subscriber.mapper().map(message);
        if (mapping.kind() == MessageMapping.Kind.ERROR) {
            log.note(subscriber.name(), id, "not built: " + mapping.reason());
            return false;
        }
        if (mapping.kind() == MessageMapping.Kind.DECLINED) {
            return false;
        }
        if (subscriber.scheduler().schedule(message, mapping.parameters())) {
            ledger.record(id);
            delete(open, message, subscriber.name(), "build scheduled");
            return true;
        }
        log.note(subscriber.name(), id, "accepted, but the build could not be scheduled; left in the queue");
        return false;
    }

    private void delete(QueueSource open, QueueMessage message, String subscriber, String outcome) {
        String result = outcome;
        try {
            if (!open.delete(List.of(message)).failed().isEmpty()) {
                result = outcome + "; the delete failed, the ledger keeps a redelivery from building again";
            }
        } catch (QueueException e) {
            result = outcome + "; the delete failed (" + e.getMessage() + "), the ledger keeps a redelivery from "
                    + "building again";
        }
        if (subscriber != null) {
            log.note(subscriber, message.messageId(), result);
        }
    }

    /** A job's recent messages, newest first. */
    public List<ActivityLog.Activity> activity(String subscriber) {
        return log.lines(subscriber);
    }

    /** The recent messages whose handling failed, newest first: message id and error. */
    public List<ActivityLog.Activity> errors() {
        synchronized (errors) {
            return new ArrayList<>(errors);
        }
    }

    /** When the queue was last polled, or {@code null}. */
    public Instant lastPoll() {
        return lastPoll;
    }

    /** Why the last poll failed, or {@code null} when it worked. */
    public String lastError() {
        return lastError;
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
