package io.jenkins.plugins.statusqueue.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mappings of buildbot's SQS change source: the raw message, and the raw message plus each top-level field of
 * a JSON object.
 */
public final class StandardMappers {

    public static final String BODY = "SQS_BODY";
    public static final String MESSAGE_ID = "SQS_MESSAGE_ID";
    public static final String SENT_TIMESTAMP = "SQS_SENT_TIMESTAMP";
    /** How many values every mapping passes besides the message's fields: body, message id and sent time. */
    static final int RAW_VALUES = 3;

    /**
     * {@code SQS_BODY}, {@code SQS_MESSAGE_ID}, {@code SQS_SENT_TIMESTAMP} (ISO-8601, empty when unknown). Reads
     * nothing, so it takes a body of any size.
     */
    public static final BodyMapper RAW = body -> MessageMapping.accepted(raw(body.message()));

    /**
     * As {@link #RAW}, plus every top-level field of the JSON object: nested values as JSON text. Within the
     * message's bounds; names that clean up alike get suffixes in constant time each.
     */
    public static final BodyMapper JSON_FIELDS = StandardMappers::jsonFields;

    private StandardMappers() {
    }

    private static Map<String, String> raw(QueueMessage message) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put(BODY, message.body());
        parameters.put(MESSAGE_ID, message.messageId() == null ? "" : message.messageId());
        parameters.put(SENT_TIMESTAMP, message.sentAt() == null ? "" : message.sentAt().toString());
        return parameters;
    }

    private static MessageMapping jsonFields(MessageBody body) throws MessageBounds.ExceededException {
        JsonNode root;
        try {
            root = body.json();
        } catch (MessageBody.NotJsonException e) {
            return MessageMapping.error(e.getMessage());
        }
        if (root == null || !root.isObject()) {
            return MessageMapping.error("body is JSON but not an object, so it has no fields to pass");
        }
        Map<String, String> parameters = raw(body.message());
        UniqueNames names = new UniqueNames(false);
        parameters.keySet().forEach(names::reserve);
        for (Iterator<Map.Entry<String, JsonNode>> fields = root.fields(); fields.hasNext();) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = names.claim(parameterName(field.getKey()));
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
}
