package io.jenkins.plugins.statusqueue.queue;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One message received from a queue, whichever transport brought it.
 *
 * @param messageId     SQS message id; stable across redeliveries
 * @param receiptHandle the handle that deletes this delivery (changes on every receive)
 * @param body          the raw body, untrusted
 * @param receiveCount  SQS {@code ApproximateReceiveCount}, or 0 where the transport does not report it
 * @param sentAt        SQS {@code SentTimestamp}, or {@code null} where unknown
 * @param attributes    the remaining system attributes SQS returned (for example {@code MessageGroupId})
 */
public record QueueMessage(String messageId, String receiptHandle, String body, int receiveCount, Instant sentAt,
        Map<String, String> attributes) {

    public QueueMessage {
        Objects.requireNonNull(receiptHandle, "receiptHandle");
        body = body == null ? "" : body;
        attributes = attributes == null ? Map.of() : Map.copyOf(attributes);
    }
}
