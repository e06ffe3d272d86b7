package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.queue.DeleteResult;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.queue.QueueProbe;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Long-polls like SQS, which waits for a message instead of answering empty at once: an empty receive polls the
 * queue up to its wait time, counting {@code polling} down while it waits.
 */
class LongPollingQueue implements QueueSource {
    private final InMemoryQueue queue;
    private final CountDownLatch polling;

    LongPollingQueue(InMemoryQueue queue, CountDownLatch polling) {
        this.queue = queue;
        this.polling = polling;
    }

    @Override
    public List<QueueMessage> receive(int maxMessages, int waitSeconds) throws QueueException {
        long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        List<QueueMessage> batch = queue.receive(maxMessages, 0);
        while (batch.isEmpty() && System.nanoTime() < until) {
            polling.countDown();
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return batch;
            }
            batch = queue.receive(maxMessages, 0);
        }
        return batch;
    }

    @Override
    public DeleteResult delete(List<QueueMessage> messages) {
        return queue.delete(messages);
    }

    @Override
    public int maxBatchSize() {
        return queue.maxBatchSize();
    }

    @Override
    public QueueProbe probe() {
        return queue.probe();
    }

    @Override
    public String describe() {
        return queue.describe();
    }
}

/**
 * A full disk: the pass stops receiving at the first save that fails, keeps what it posted in the queue, and no
 * pass receives again until the journal and the history can be written; then the drain resumes on its own.
 */
