package io.jenkins.plugins.statusqueue.queue;

import java.util.List;
import java.util.Map;

/**
 * What a delete call did, entry by entry.
 *
 * @param deleted the deliveries that are gone from the queue
 * @param failed  the deliveries that are still there, with the reason
 */
public record DeleteResult(List<QueueMessage> deleted, Map<QueueMessage, String> failed) {

    public DeleteResult {
        deleted = List.copyOf(deleted);
        failed = Map.copyOf(failed);
    }

    public static DeleteResult allDeleted(List<QueueMessage> messages) {
        return new DeleteResult(messages, Map.of());
    }
}
