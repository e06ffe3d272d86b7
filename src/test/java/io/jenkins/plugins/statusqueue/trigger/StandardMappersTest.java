package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StandardMappersTest {

    private static QueueMessage message(String body) {
        return new QueueMessage("id-1", "handle", body, 1, Instant.parse("2024-05-01T10:00:00Z"), Map.of());
    }

    @Test
    void rawModePassesBodyIdAndSentTime() {
        MessageMapping mapping = StandardMappers.RAW.map(message("deploy please"));
        assertEquals(MessageMapping.Kind.ACCEPTED, mapping.kind());
        assertEquals(Map.of("SQS_BODY", "deploy please", "SQS_MESSAGE_ID", "id-1", "SQS_SENT_TIMESTAMP",
                "2024-05-01T10:00:00Z"), mapping.parameters());
    }

    @Test
    void jsonModeAddsEveryTopLevelFieldWithSafeNames() {
        MessageMapping mapping = StandardMappers.JSON_FIELDS.map(message(
                "{\"branch\":\"main\",\"build-number\":42,\"ok\":true,\"nothing\":null,\"2fa\":\"x\","
                        + "\"nested\":{\"a\":[1,2]},\"build_number\":7,\"SQS_BODY\":\"spoof\"}"));
        assertEquals(MessageMapping.Kind.ACCEPTED, mapping.kind());
        Map<String, String> parameters = mapping.parameters();
        assertEquals("main", parameters.get("branch"));
        assertEquals("42", parameters.get("build_number"));
        assertEquals("7", parameters.get("build_number_2"), "a field that sanitises alike keeps its own name");
        assertEquals("true", parameters.get("ok"));
        assertEquals("", parameters.get("nothing"));
        assertEquals("x", parameters.get("_2fa"));
        assertEquals("{\"a\":[1,2]}", parameters.get("nested"));
        assertTrue(parameters.get("SQS_BODY").startsWith("{"), "a field cannot overwrite the raw body");
        assertEquals("spoof", parameters.get("SQS_BODY_2"));
        assertEquals(List.of("SQS_BODY", "SQS_MESSAGE_ID", "SQS_SENT_TIMESTAMP"),
                parameters.keySet().stream().limit(3).toList());
    }

    @Test
    void aBodyThatIsNoJsonObjectIsAnErrorNotACrash() {
        assertEquals(MessageMapping.Kind.ERROR, StandardMappers.JSON_FIELDS.map(message("[1,2]")).kind());
        assertEquals(MessageMapping.Kind.ERROR, StandardMappers.JSON_FIELDS.map(message("not json")).kind());
        assertEquals(MessageMapping.Kind.ERROR, StandardMappers.JSON_FIELDS.map(message("")).kind());
    }

    @Test
    void sanitisesParameterNames() {
        assertEquals("a_b_c", StandardMappers.parameterName("a.b c"));
        assertEquals("_9lives", StandardMappers.parameterName("9lives"));
        assertEquals("_", StandardMappers.parameterName(""));
        assertEquals("caf_", StandardMappers.parameterName("caf\u00e9"));
    }
}
