package io.jenkins.plugins.statusqueue.trigger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.logging.Logger;

/**
 * The trigger queues administrators defined and the jobs subscribed to them. Each defined queue that at least one
 * permitted job uses has exactly one poller, opened with that queue's own credentials, on a thread of its own; the
 * poller is started, changed and stopped as definitions and subscriptions come and go. A job that names an unknown
 * queue, or a queue that does not permit it, gets no messages: its state says why, in its trigger log too.
 */
public final class QueuePollers {

    private static final Logger LOGGER = Logger.getLogger(QueuePollers.class.getName());

    /**
     * A queue an administrator defined.
     *
     * @param id          what jobs name it by
     * @param name        its display name
     * @param description what it is (its URL), for the status page only
     * @param fingerprint changes whenever the queue must be reopened (another URL, credential or secret)
     * @param opener      opens it with its own credentials
     * @param access      which jobs may use it
     * @param limits      what it may cost the controller
     */
    public record Definition(String id, String name, String description, String fingerprint,
            QueuePoller.Opener opener, QueueAccess access, TriggerLimits limits) {
    }

    /** Whether a job is listening, and if not, why. */
    public enum State {
        LISTENING, NO_QUEUE, UNKNOWN_QUEUE, FORBIDDEN
    }

    /**
     * What a job's trigger log shows: its queue, its state, the queue's last poll and its recent messages.
     *
     * @param lastError         why the last poll failed, for the status page only
     * @param lastErrorCategory what the job's readers see of it
     */
    public record JobStatus(String name, String queueId, String queueName, State state, Instant lastPoll,
            String lastError, ErrorCategory lastErrorCategory, List<ActivityLog.Activity> activity) {
    }

    /**
     * What the status page shows of a queue; {@code description == null} for an id jobs name but no administrator
     * defined, {@code limits == null} too.
     *
     * @param held how many times the poller held a message back for a full job or the rate
     */
    public record QueueStatus(String id, String name, String description, TriggerLimits limits, boolean polling,
            Instant lastPoll, String lastError, long held, List<QueuePoller.Problem> problems, List<JobStatus> jobs) {
    }

    private static final class Subscription {
        final String queueId;
        final Object owner;
        final BooleanSupplier visible;
        QueuePoller.Subscriber subscriber;
        State state;

        Subscription(String queueId, QueuePoller.Subscriber subscriber, BooleanSupplier visible, Object owner) {
            this.queueId = queueId;
            this.subscriber = subscriber;
            this.visible = visible;
            this.owner = owner;
        }
    }

    private record Running(String fingerprint, TriggerLimits limits, QueuePoller poller, Thread thread) {
    }

    private final DeliveryLedger ledger;
    private final ActivityLog log;
    private final Clock clock;
    private final Map<String, Definition> definitions = new LinkedHashMap<>();
    /** By the job's full name. */
    private final Map<String, Subscription> subscriptions = new TreeMap<>();
    private final Map<String, Running> running = new LinkedHashMap<>();
    private boolean shutDown;

    public QueuePollers(DeliveryLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
        this.log = new ActivityLog(clock);
    }

    /** Replaces the queue definitions: pollers of removed or changed queues stop, new ones start. */
    public synchronized void define(Collection<Definition> queues) {
        definitions.clear();
        queues.forEach(queue -> definitions.put(queue.id(), queue));
        reconcile();
    }

    /**
     * Subscribes a job to the queue named {@code queueId} (blank: none), replacing its earlier subscription.
     *
     * @param visible whether the current viewer may read the job, for the status page
     * @param owner   what subscribed, so that only its own {@link #unsubscribe} ends this subscription
     * @return the job's state
     */
    public synchronized State subscribe(String queueId, QueuePoller.Subscriber subscriber, BooleanSupplier visible,
            Object owner) {
        subscriptions.put(subscriber.name(), new Subscription(queueId == null ? "" : queueId.trim(), subscriber,
                visible, owner));
        reconcile();
        return subscriptions.get(subscriber.name()).state;
    }

    /** Ends the subscription {@code owner} made, whatever the job is called now. */
    public synchronized void unsubscribe(Object owner) {
        if (subscriptions.values().removeIf(subscription -> subscription.owner == owner)) {
            reconcile();
        }
    }

    /** A job or folder was renamed or moved: its subscriptions and logs follow, and access is checked again. */
    public synchronized void rename(String oldFullName, String newFullName) {
        log.rename(oldFullName, newFullName);
        for (String name : new ArrayList<>(subscriptions.keySet())) {
            String renamed = ItemNames.moved(name, oldFullName, newFullName);
            if (renamed != null) {
                Subscription subscription = subscriptions.remove(name);
                subscription.subscriber = subscription.subscriber.renamed(renamed);
                subscriptions.put(renamed, subscription);
            }
        }
        reconcile();
    }

    /** A job or folder was deleted: its subscriptions (and those of everything in it) end and its logs go. */
    public synchronized void remove(String fullName) {
        subscriptions.keySet().removeIf(name -> ItemNames.isAtOrBelow(name, fullName));
        log.forget(fullName);
        reconcile();
    }

    /** Stops every poller for good (Jenkins is stopping); the messages they had not handled stay in their queues. */
    public synchronized void shutDown() {
        shutDown = true;
        running.values().forEach(QueuePollers::stop);
        running.clear();
    }

    private void reconcile() {
        Map<String, List<QueuePoller.Subscriber>> permitted = new LinkedHashMap<>();
        for (Subscription subscription : subscriptions.values()) {
            State state = stateOf(subscription);
            if (state != subscription.state) {
                announce(subscription, state);
                subscription.state = state;
            }
            if (state == State.LISTENING) {
                permitted.computeIfAbsent(subscription.queueId, id -> new ArrayList<>()).add(subscription.subscriber);
            }
        }
        for (Iterator<Map.Entry<String, Running>> it = running.entrySet().iterator(); it.hasNext();) {
            Map.Entry<String, Running> entry = it.next();
            Definition definition = definitions.get(entry.getKey());
            if (definition == null || !definition.fingerprint().equals(entry.getValue().fingerprint())
                    || !definition.limits().equals(entry.getValue().limits()) || !permitted.containsKey(entry.getKey())) {
                stop(entry.getValue());
                it.remove();
            }
        }
        if (shutDown) {
            return;
        }
        permitted.forEach((id, subscribers) -> {
            Running entry = running.get(id);
            // A thread that ended anyway (interrupted by someone else) is replaced.
            if (entry != null && entry.thread().getState() != Thread.State.TERMINATED) {
                entry.poller().subscribeExactly(subscribers);
            } else {
                running.put(id, start(definitions.get(id), subscribers));
            }
        });
    }

    private Running start(Definition definition, List<QueuePoller.Subscriber> subscribers) {
        QueuePoller poller = new QueuePoller(definition.opener(), definition.description(), definition.limits(), ledger,
                log, clock);
        poller.subscribeExactly(subscribers);
        Thread thread = new Thread(poller::run, "status-queue trigger poller " + definition.id());
        thread.setDaemon(true);
        thread.start();
        return new Running(definition.fingerprint(), definition.limits(), poller, thread);
    }

    private static void stop(Running entry) {
        entry.poller().stop();
        entry.thread().interrupt();
    }

    private State stateOf(Subscription subscription) {
        return stateOf(subscription.queueId, subscription.subscriber.name(), subscription.subscriber.computed(), id -> {
            Definition definition = definitions.get(id);
            return definition == null ? null : definition.access();
        });
    }

    /**
     * Whether a job naming {@code queueId} may listen on it: the one rule for the pollers and the job's form.
     *
     * @param computed   whether a folder computes the job (a multibranch project's branch job)
     * @param accessById the access of each defined queue; {@code null} for an id no administrator defined
     */
    public static State stateOf(String queueId, String jobName, boolean computed,
            Function<String, QueueAccess> accessById) {
        if (queueId == null || queueId.isBlank()) {
            return State.NO_QUEUE;
        }
        QueueAccess access = accessById.apply(queueId.trim());
        if (access == null) {
            return State.UNKNOWN_QUEUE;
        }
        return access.permits(jobName, computed) ? State.LISTENING : State.FORBIDDEN;
    }

    private void announce(Subscription subscription, State state) {
        String name = subscription.subscriber.name();
        String line = switch (state) {
            case LISTENING -> "listening on queue '" + subscription.queueId + "'";
            case NO_QUEUE -> "not listening: the trigger names no queue";
            case UNKNOWN_QUEUE -> "not listening: no trigger queue '" + subscription.queueId + "' is defined";
            case FORBIDDEN -> "not listening: queue '" + subscription.queueId + "' may not be used by this job";
        };
        log.note(name, null, line);
        if (state != State.LISTENING) {
            LOGGER.warning("The SQS trigger of " + name + " is " + line);
        }
    }

    /** Adds a line to a job's trigger log, for what its scheduler decided about a message. */
    public void note(String job, String messageId, String outcome) {
        log.note(job, messageId, outcome);
    }

    /** The job's state and log, or {@code null} when it has no subscription. */
    public synchronized JobStatus job(String name) {
        Subscription subscription = subscriptions.get(name);
        return subscription == null ? null : statusOf(subscription);
    }

    private JobStatus statusOf(Subscription subscription) {
        Definition definition = definitions.get(subscription.queueId);
        Running entry = running.get(subscription.queueId);
        QueuePoller poller = subscription.state == State.LISTENING && entry != null ? entry.poller() : null;
        String name = subscription.subscriber.name();
        return new JobStatus(name, subscription.queueId, definition == null ? subscription.queueId : definition.name(),
                subscription.state, poller == null ? null : poller.lastPoll(),
                poller == null ? null : poller.lastError(), poller == null ? null : poller.lastErrorCategory(),
                log.lines(name));
    }

    /**
     * Every defined queue, then every id jobs name that is not defined, each with the jobs naming it that
     * {@code visible} says the viewer may read.
     */
    public synchronized List<QueueStatus> queues() {
        Map<String, List<JobStatus>> jobs = new LinkedHashMap<>();
        definitions.keySet().forEach(id -> jobs.put(id, new ArrayList<>()));
        for (Subscription subscription : subscriptions.values()) {
            if (!subscription.queueId.isEmpty() && subscription.visible.getAsBoolean()) {
                jobs.computeIfAbsent(subscription.queueId, id -> new ArrayList<>()).add(statusOf(subscription));
            }
        }
        List<QueueStatus> queues = new ArrayList<>();
        jobs.forEach((id, queueJobs) -> {
            Definition definition = definitions.get(id);
            Running entry = running.get(id);
            QueuePoller poller = entry == null ? null : entry.poller();
            queues.add(new QueueStatus(id, definition == null ? id : definition.name(),
                    definition == null ? null : definition.description(), definition == null ? null : definition.limits(),
                    entry != null && entry.thread().isAlive(), poller == null ? null : poller.lastPoll(),
                    poller == null ? null : poller.lastError(), poller == null ? 0 : poller.heldCount(),
                    poller == null ? new ArrayList<>() : poller.problems(), queueJobs));
        });
        return queues;
    }

    /** The running poller of a queue, or {@code null}. */
    public synchronized QueuePoller poller(String queueId) {
        Running entry = running.get(queueId);
        return entry == null ? null : entry.poller();
    }
}
