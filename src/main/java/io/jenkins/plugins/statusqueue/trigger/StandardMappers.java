package io.jenkins.plugins.statusqueue.trigger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The mappings of buildbot's SQS change source: the raw message, and the raw message plus each top-level field of
 * a JSON object.
 */
public final class StandardMappers {

    public static final String BODY = "SQS_BODY";
    public static final String MESSAGE_ID = "SQS_MESSAGE_ID";
    public static final String SENT_TIMESTAMP = "SQS_SENT_TIMESTAMP";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** {@code SQS_BODY}, {@code SQS_MESSAGE_ID}, {@code SQS_SENT_TIMESTAMP} (ISO-8601, empty when unknown). */
    public static final MessageMapper RAW = message -> MessageMapping.accepted(raw(message));

    /** As {@link #RAW}, plus every top-level field of the JSON object: nested values as JSON text. */
    public static final MessageMapper JSON_FIELDS = StandardMappers::jsonFields;

    private StandardMappers() {
    }

    private static Map<String, String> raw(QueueMessage message) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(BODY, message.body());
        parameters.put(MESSAGE_ID, message.messageId() == null ? "" : message.messageId());
        parameters.put(SENT_TIMESTAMP, message.sentAt() == null ? "" : message.sentAt().toString());
        return parameters;
    }

    private static MessageMapping jsonFields(QueueMessage message) {
        JsonNode root;
        try {
            root = JSON.readTree(message.body());
        } catch (JsonProcessingException e) {
            return MessageMapping.error("body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return MessageMapping.error("body is JSON but not an object, so it has no fields to pass");
        }
        Map<String, String> parameters = raw(message);
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = uniqueName(parameterName(field.getKey()), parameters::containsKey);
            JsonNode value = field.getValue();
            parameters.put(name, value.isValueNode() ? (value.isNull() ? "" : value.asText()) : value.toString());
        }
        return MessageMapping.accepted(parameters);
    }

    /**
     * A name Jenkins accepts as a parameter and a shell as a variable: {@code [A-Za-z_][A-Za-z0-9_]*}, every other
     * character replaced by {@code _}.
     */
    public static String parameterName(String field) {
        StringBuilder name = new StringBuilder(field.length() + 1);
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            boolean letter = c < 128 && (Character.isLetterOrDigit(c) || c == '_');
            name.append(letter ? c : '_');
        }
        if (name.length() == 0 || Character.isDigit(name.charAt(0))) {
            name.insert(0, '_');
        }
        return name.toString();
    }

    /** Two fields that sanitise alike, or a field named like a raw parameter, keep both: the later gets a suffix. */
    static String uniqueName(String name, Predicate<String> taken) {
        String unique = name;
        for (int suffix = 2; taken.test(unique); suffix++) {
            unique = name + "_" + suffix;
        }
        return unique;
    }
}
