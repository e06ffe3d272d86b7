package io.jenkins.plugins.statusqueue.trigger;

import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The running pollers, one per queue: many jobs on one queue share one loop and one thread, and the loop ends when
 * the last job stops listening.
 */
public final class QueuePollers {

    /** Opens the queue's source; only called for the first job on a queue. */
    @FunctionalInterface
    public interface Opener {
        QueueSource open() throws QueueException;
    }

    private record Running(QueuePoller poller, Thread thread) {
    }

    private final DeliveryLedger ledger;
    private final Map<String, Running> running = new LinkedHashMap<>();

    public QueuePollers(DeliveryLedger ledger) {
        this.ledger = ledger;
    }

    /** Adds the job to the queue's poller, starting the poller if it is the queue's first job. */
    public synchronized QueuePoller subscribe(String queueIdentity, Opener opener, QueuePoller.Subscriber subscriber)
            throws QueueException {
        Running existing = running.get(queueIdentity);
        if (existing == null || !existing.thread().isAlive()) {
            QueuePoller poller = new QueuePoller(opener.open(), ledger, Clock.systemUTC());
            poller.subscribe(subscriber);
            Thread thread = new Thread(poller::run, "status-queue trigger poller " + queueIdentity);
            thread.setDaemon(true);
            existing = new Running(poller, thread);
            running.put(queueIdentity, existing);
            thread.start();
        } else {
            existing.poller().subscribe(subscriber);
        }
        return existing.poller();
    }

    /** Removes the job; the queue's poller stops once no job is left. */
    public synchronized void unsubscribe(String queueIdentity, String subscriberName) {
        Running existing = running.get(queueIdentity);
        if (existing != null) {
            existing.poller().unsubscribe(subscriberName);
            if (!existing.poller().hasSubscribers()) {
                existing.thread().interrupt();
                running.remove(queueIdentity);
            }
        }
    }

    /** The running pollers by queue, for the status page. */
    public synchronized Map<String, QueuePoller> pollers() {
        Map<String, QueuePoller> pollers = new LinkedHashMap<>();
        running.forEach((identity, entry) -> pollers.put(identity, entry.poller()));
        return pollers;
    }
}
