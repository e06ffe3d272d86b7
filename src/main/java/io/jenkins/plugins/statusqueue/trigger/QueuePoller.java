package io.jenkins.plugins.statusqueue.trigger;

import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 */
public final class QueuePoller {

    private static final Logger LOGGER = Logger.getLogger(QueuePoller.class.getName());
    static final int LONG_POLL_SECONDS = 20;
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);
    private static final int ACTIVITY_LINES = 50;

    /** Starts the job's build; false when it cannot now (the message then stays for another try). */
    @FunctionalInterface
    public interface Scheduler {
        boolean schedule(QueueMessage message, Map<String, String> parameters);
    }

    /** A job listening on the queue. */
    public record Subscriber(String name, MessageFilter filter, MessageMapper mapper, BooleanSupplier enabled,
            Scheduler scheduler) {
    }

    /** One line of a job's trigger log. */
    public record Activity(Instant time, String messageId, String outcome) {
    }

    private final QueueSource source;
    private final DeliveryLedger ledger;
    private final Clock clock;
    private final Map<String, Subscriber> subscribers = new ConcurrentSkipListMap<>();
    private final Map<String, Deque<Activity>> activity = new ConcurrentSkipListMap<>();
    private volatile Instant lastPoll;
    private volatile String lastError;
    private Duration backoff = FIRST_BACKOFF;

    public QueuePoller(QueueSource source, DeliveryLedger ledger, Clock clock) {
        this.source = source;
        this.ledger = ledger;
        this.clock = clock;
    }

    public void subscribe(Subscriber subscriber) {
        subscribers.put(subscriber.name(), subscriber);
    }

    public void unsubscribe(String name) {
        subscribers.remove(name);
    }

    /** The jobs listening, in the order they are offered each message. */
    public List<String> subscriberNames() {
        return List.copyOf(subscribers.keySet());
    }

    public boolean hasSubscribers() {
        return !subscribers.isEmpty();
    }

    /**
     * One receive and the handling of what it brought.
     *
     * @return how long the caller should wait before the next poll: zero, or a back-off after a queue failure
     */
    public Duration pollOnce(int waitSeconds) {
        List<QueueMessage> messages;
        try {
            messages = source.receive(source.maxBatchSize(), waitSeconds);
            lastPoll = clock.instant();
            lastError = null;
            backoff = FIRST_BACKOFF;
        } catch (QueueException e) {
            lastPoll = clock.instant();
            lastError = e.getMessage();
            Duration wait = e.retryAfter() != null && e.retryAfter().compareTo(backoff) > 0 ? e.retryAfter() : backoff;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            LOGGER.log(Level.FINE, "Cannot poll " + source.describe(), e);
            return wait;
        }
        for (QueueMessage message : messages) {
            handle(message);
        }
        return Duration.ZERO;
    }

    private void handle(QueueMessage message) {
        String id = message.messageId() == null ? message.receiptHandle() : message.messageId();
        if (ledger.contains(id)) {
            delete(message, null, "redelivered: its build was already scheduled; deleted without a second build");
            return;
        }
        for (Subscriber subscriber : subscribers.values()) {
            if (!subscriber.enabled().getAsBoolean() || !subscriber.filter().accepts(message.body())) {
                continue;
            }
            MessageMapping mapping;
            try {
                mapping = subscriber.mapper().map(message);
            } catch (RuntimeException e) {
                mapping = MessageMapping.error("the mapping failed: " + e);
            }
            if (mapping.kind() == MessageMapping.Kind.ERROR) {
                note(subscriber.name(), id, "not built: " + mapping.reason());
                continue;
            }
            if (mapping.kind() == MessageMapping.Kind.DECLINED) {
                continue;
            }
            if (subscriber.scheduler().schedule(message, mapping.parameters())) {
                ledger.record(id);
                delete(message, subscriber.name(), "build scheduled");
                return;
            }
            note(subscriber.name(), id, "accepted, but the build could not be scheduled; left in the queue");
        }
    }

    private void delete(QueueMessage message, String subscriber, String outcome) {
        String id = message.messageId();
        String result = outcome;
        try {
            if (!source.delete(List.of(message)).failed().isEmpty()) {
                result = outcome + "; the delete failed, the ledger keeps a redelivery from building again";
            }
        } catch (QueueException e) {
            result = outcome + "; the delete failed (" + e.getMessage() + "), the ledger keeps a redelivery from "
                    + "building again";
        }
        if (subscriber != null) {
            note(subscriber, id, result);
        }
    }

    private void note(String subscriber, String messageId, String outcome) {
        Deque<Activity> lines = activity.computeIfAbsent(subscriber, name -> new ArrayDeque<>());
        synchronized (lines) {
            lines.addFirst(new Activity(clock.instant(), messageId, outcome));
            while (lines.size() > ACTIVITY_LINES) {
                lines.removeLast();
            }
        }
    }

    /** A job's recent messages, newest first. */
    public List<Activity> activity(String subscriber) {
        Deque<Activity> lines = activity.get(subscriber);
        if (lines == null) {
            return List.of();
        }
        synchronized (lines) {
            return new ArrayList<>(lines);
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
        return source.describe();
    }

    /** Polls until no job listens any more or the thread is interrupted; then closes the source. */
    public void run() {
        try {
            while (hasSubscribers() && !Thread.currentThread().isInterrupted()) {
                Duration wait = pollOnce(LONG_POLL_SECONDS);
                if (!wait.isZero()) {
                    Thread.sleep(wait.toMillis());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            source.close();
        }
    }
}
