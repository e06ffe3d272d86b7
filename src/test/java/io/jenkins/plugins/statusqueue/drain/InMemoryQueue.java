package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.queue.DeleteResult;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.queue.QueueProbe;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A queue with SQS's delivery rules, reduced to what the drain's logic depends on: a received message is hidden
 * until it is deleted or its visibility ends ({@link #expireVisibility}), every receive gets a fresh receipt handle
 * and only the latest handle deletes. Faults can be scripted. The transports themselves are tested against
 * ElasticMQ and the API Gateway emulator.
 */
final class InMemoryQueue implements QueueSource {

    private static final class Stored {
        final String id;
        final String body;
        int receiveCount;
        String handle;
        boolean visible = true;

        Stored(String id, String body) {
            this.id = id;
            this.body = body;
        }
    }

    private final Map<String, Stored> messages = new LinkedHashMap<>();
    private final List<String> postponed = new ArrayList<>();
    private final AtomicInteger receivesBeforeFailure = new AtomicInteger(Integer.MAX_VALUE);
    private final AtomicInteger receiveCalls = new AtomicInteger();
    private volatile String failDeletesOf;
    private volatile Consumer<List<QueueMessage>> beforeDelete = batch -> { };

    synchronized String send(String body) {
        String id = UUID.randomUUID().toString();
        messages.put(id, new Stored(id, body));
        return id;
    }

    /** The next receives succeed {@code count} times, then fail as an unreachable queue would. */
    void failReceivesAfter(int count) {
        receivesBeforeFailure.set(count);
    }

    /** Deletes of messages whose body contains {@code marker} fail entry by entry. */
    void failDeletesOf(String marker) {
        failDeletesOf = marker;
    }

    /** Runs before each delete call, with its batch: to see what the drain saved before deleting. */
    void beforeDelete(Consumer<List<QueueMessage>> check) {
        beforeDelete = check;
    }

    /** Every in-flight message becomes visible again, as when the visibility timeout ends. */
    synchronized void expireVisibility() {
        messages.values().forEach(stored -> stored.visible = true);
    }

    synchronized List<String> bodies() {
        return messages.values().stream().map(stored -> stored.body).toList();
    }

    synchronized List<String> postponedBodies() {
        return List.copyOf(postponed);
    }

    /** Receive requests so far, answered or failed. */
    int receiveCalls() {
        return receiveCalls.get();
    }

    @Override
    public synchronized List<QueueMessage> receive(int maxMessages, int waitSeconds) throws QueueException {
        receiveCalls.incrementAndGet();
        if (receivesBeforeFailure.getAndDecrement() <= 0) {
            throw new QueueException(QueueException.Kind.UNAVAILABLE, "503 Service Unavailable");
        }
        List<QueueMessage> batch = new ArrayList<>();
        for (Stored stored : messages.values()) {
            if (batch.size() == maxMessages) {
                break;
            }
            if (stored.visible) {
                stored.visible = false;
                stored.receiveCount++;
                stored.handle = UUID.randomUUID().toString();
                batch.add(new QueueMessage(stored.id, stored.handle, stored.body, stored.receiveCount, null, null));
            }
        }
        return batch;
    }

    @Override
    public synchronized DeleteResult delete(List<QueueMessage> batch) {
        beforeDelete.accept(batch);
        List<QueueMessage> deleted = new ArrayList<>();
        Map<QueueMessage, String> failed = new LinkedHashMap<>();
        for (QueueMessage message : batch) {
            Stored stored = messages.get(message.messageId());
            String marker = failDeletesOf;
            if (marker != null && message.body().contains(marker)) {
                failed.put(message, "InternalError");
            } else if (stored != null && message.receiptHandle().equals(stored.handle)) {
                messages.remove(message.messageId());
                deleted.add(message);
            } else {
                failed.put(message, "ReceiptHandleIsInvalid");
            }
        }
        return new DeleteResult(deleted, failed);
    }

    @Override
    public synchronized void postpone(QueueMessage message, int delaySeconds) {
        postponed.add(message.body());
    }

    @Override
    public int maxBatchSize() {
        return 10;
    }

    @Override
    public QueueProbe probe() {
        return new QueueProbe("in-memory queue", messages.size());
    }

    @Override
    public String describe() {
        return "in-memory queue";
    }
}
