package io.jenkins.plugins.statusqueue.health;

import io.jenkins.plugins.statusqueue.queue.DeadLetterQueue;
import java.time.Instant;

/**
 * The last look at the dead-letter queue.
 *
 * @param readAt when it was read
 * @param queue  what it held, or {@code null} when the queue has none, the transport does not offer it, or the read
 *               failed
 * @param error  why the read failed, or {@code null}
 */
public record DeadLetterReading(Instant readAt, DeadLetterQueue queue, String error) {

    /** Whether the queue has a dead-letter queue that could be read. */
    public boolean offered() {
        return queue != null;
    }
}
