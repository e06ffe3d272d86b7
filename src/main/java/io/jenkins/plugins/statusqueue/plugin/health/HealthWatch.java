package io.jenkins.plugins.statusqueue.plugin.health;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.PeriodicWork;
import io.jenkins.plugins.statusqueue.health.DeadLetterReading;
import io.jenkins.plugins.statusqueue.health.FailureClock;
import io.jenkins.plugins.statusqueue.health.HealthCheck;
import io.jenkins.plugins.statusqueue.plugin.settings.QueueEndpoint;
import io.jenkins.plugins.statusqueue.plugin.settings.StatusQueueConfiguration;
import io.jenkins.plugins.statusqueue.plugin.trigger.SqsTrigger;
import io.jenkins.plugins.statusqueue.queue.DeadLetterQueue;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import io.jenkins.plugins.statusqueue.trigger.QueuePollers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Looks, once a minute, at what the monitor cannot read cheaply while a page renders: since when each trigger
 * queue's poller has been failing, and (every {@link #DEAD_LETTER_INTERVAL}) the dead-letter queue. Runs on
 * Jenkins' timer like the drain's watchdog, so it writes no task log; a dead-letter read is a few SQS calls, each
 * bounded by the client's timeouts.
 */
@Extension
public class HealthWatch extends PeriodicWork {

    private static final Logger LOGGER = Logger.getLogger(HealthWatch.class.getName());
    /** How often the dead-letter queue is read in the background; the status page reads it when shown. */
    static final Duration DEAD_LETTER_INTERVAL = Duration.ofMinutes(5);
    /** How old a reading the status page shows before it reads again. */
    static final Duration PAGE_READING_AGE = Duration.ofSeconds(30);

    private final FailureClock pollerFailures = new FailureClock();
    private volatile List<HealthCheck.PollerState> pollers = List.of();
    private volatile DeadLetterReading deadLetters;

    public static HealthWatch get() {
        return ExtensionList.lookupSingleton(HealthWatch.class);
    }

    @Override
    public long getRecurrencePeriod() {
        return MIN;
    }

    @Override
    protected void doRun() {
        Instant now = Instant.now();
        observePollers(now);
        DeadLetterReading last = deadLetters;
        // With draining off, nothing reaches the dead-letter queue on this controller's behalf: no background reads.
        if (StatusQueueConfiguration.get().isEnabled()
                && (last == null || !last.readAt().plus(DEAD_LETTER_INTERVAL).isAfter(now))) {
            readDeadLetters();
        }
    }

    private void observePollers(Instant now) {
        List<HealthCheck.PollerState> states = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (QueuePollers.QueueStatus queue : SqsTrigger.pollers().queues()) {
            ids.add(queue.id());
            Instant since = pollerFailures.observe(queue.id(), queue.polling() && queue.lastError() != null, now);
            states.add(new HealthCheck.PollerState(queue.id(), queue.name(), since, queue.lastError()));
        }
        pollerFailures.retain(ids);
        pollers = List.copyOf(states);
    }

    /** The trigger queues' pollers as last observed. */
    public List<HealthCheck.PollerState> pollers() {
        return pollers;
    }

    /** The last look at the dead-letter queue, or {@code null} before the first. */
    public DeadLetterReading deadLetters() {
        return deadLetters;
    }

    /** A reading at most {@link #PAGE_READING_AGE} old, for the status page. */
    public DeadLetterReading freshDeadLetters() {
        DeadLetterReading last = deadLetters;
        if (last != null && last.readAt().plus(PAGE_READING_AGE).isAfter(Instant.now())) {
            return last;
        }
        return readDeadLetters();
    }

    /** Reads the dead-letter queue of the drained queue now; no queue configured or draining off: nothing. */
    public DeadLetterReading readDeadLetters() {
        StatusQueueConfiguration configuration = StatusQueueConfiguration.get();
        QueueEndpoint endpoint = configuration.getQueue();
        DeadLetterReading reading;
        if (endpoint == null) {
            reading = new DeadLetterReading(Instant.now(), null, null);
        } else {
            try (QueueSource source = endpoint.open()) {
                reading = new DeadLetterReading(Instant.now(), source.deadLetters().orElse(null), null);
            } catch (QueueException | RuntimeException e) {
                LOGGER.log(Level.FINE, "Cannot read the dead-letter queue", e);
                reading = new DeadLetterReading(Instant.now(), null, e.getMessage());
            }
        }
        deadLetters = reading;
        return reading;
    }

    /** Starts moving the dead-letter queue's messages back to the queue; the caller checked Overall/Administer. */
    public DeadLetterQueue.MoveTask moveBack() throws QueueException {
        QueueEndpoint endpoint = StatusQueueConfiguration.get().getQueue();
        if (endpoint == null) {
            throw new QueueException(QueueException.Kind.CONFIG, "No queue is configured");
        }
        try (QueueSource source = endpoint.open()) {
            DeadLetterQueue.MoveTask task = source.moveDeadLettersBack();
            LOGGER.info("Started moving the messages of the dead-letter queue back to " + source.describe());
            return task;
        } finally {
            readDeadLetters();
        }
    }
}
