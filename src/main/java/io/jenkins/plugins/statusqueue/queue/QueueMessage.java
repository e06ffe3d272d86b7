package io.jenkins.plugins.statusqueue.queue;

import java.time.Instant;
import java.util.HashMap;
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

    /**
     * A message as SQS describes it: {@code ApproximateReceiveCount} and {@code SentTimestamp} (epoch millis) are
     * taken out of the system attributes; a value that is not a number counts as not reported.
     */
    public static QueueMessage fromSqs(String messageId, String receiptHandle, String body,
            Map<String, String> systemAttributes) {
        Map<String, String> attributes = new HashMap<>(systemAttributes == null ? Map.of() : systemAttributes);
        Long receiveCount = number(attributes.remove("ApproximateReceiveCount"));
        Long sentTimestamp = number(attributes.remove("SentTimestamp"));
        return new QueueMessage(messageId, receiptHandle, body, receiveCount == null ? 0 : receiveCount.intValue(),
                sentTimestamp == null ? null : Instant.ofEpochMilli(sentTimestamp), attributes);
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
