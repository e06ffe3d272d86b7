package io.jenkins.plugins.statusqueue.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QueueMessageTest {

    @Test
    void takesReceiveCountAndSentTimeOutOfTheSqsAttributes() {
        QueueMessage message = QueueMessage.fromSqs("id", "handle", "body", Map.of("ApproximateReceiveCount", "3",
                "SentTimestamp", "1700000000123", "MessageGroupId", "pipeline"));

        assertEquals(3, message.receiveCount());
        assertEquals(Instant.ofEpochMilli(1_700_000_000_123L), message.sentAt());
        assertEquals(Map.of("MessageGroupId", "pipeline"), message.attributes());
    }

    @Test
    void valuesThatAreNotNumbersCountAsNotReported() {
        QueueMessage message = QueueMessage.fromSqs("id", "handle", null, Map.of("ApproximateReceiveCount", "many",
                "SentTimestamp", "yesterday"));

        assertEquals(0, message.receiveCount());
        assertNull(message.sentAt());
        assertEquals(Map.of(), message.attributes());
        assertEquals("", message.body());
    }
}
