package io.jenkins.plugins.statusqueue.queue;

import java.util.List;
import java.util.Optional;

/**
 * A queue of Buildkite events: the API Gateway facade of a status-queue stack, or SQS directly.
 * Implementations are thread-safe: a drain pass receives and deletes from several threads at once.
 */
public interface QueueSource extends AutoCloseable {

    /**
     * Receives up to {@code maxMessages}, waiting up to {@code waitSeconds} for the first one where the
     * transport supports long polling. An empty list means the queue looked empty.
     */
    List<QueueMessage> receive(int maxMessages, int waitSeconds) throws QueueException;

    /** Deletes the given deliveries; entries that could not be deleted are reported, not thrown. */
    DeleteResult delete(List<QueueMessage> messages) throws QueueException;

    /**
     * Asks the queue to hide a message for {@code delaySeconds} before redelivering it, so that a transient
     * failure backs off instead of being retried at once. Transports that cannot do this leave the message to
     * reappear when its visibility timeout expires.
     */
    default void postpone(QueueMessage message, int delaySeconds) throws QueueException {
    }

    /** The largest batch one {@link #receive} or {@link #delete} call handles. */
    int maxBatchSize();

    /** Checks that the queue is reachable with the configured credentials, for "Test connection". */
    QueueProbe probe() throws QueueException;

    /**
     * The dead-letter queue behind this queue, read now: empty where the queue has none or the transport does not
     * offer it (an API Gateway stack without the dead-letter resource).
     */
    default Optional<DeadLetterQueue> deadLetters() throws QueueException {
        return Optional.empty();
    }

    /**
     * Starts moving every message of the dead-letter queue back to the queue it came from (SQS's message move
     * task); {@link #deadLetters()} shows its progress.
     *
     * @throws QueueException where the transport cannot move messages, or SQS refused (a move already running)
     */
    default DeadLetterQueue.MoveTask moveDeadLettersBack() throws QueueException {
        throw new QueueException(QueueException.Kind.CONFIG, describe()
                + " cannot move messages out of its dead-letter queue; only direct SQS can");
    }

    /** A description for logs and pages; never contains a secret. */
    String describe();

    @Override
    default void close() {
    }
}
