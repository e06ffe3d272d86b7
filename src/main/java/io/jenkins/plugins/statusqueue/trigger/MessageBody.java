package io.jenkins.plugins.statusqueue.trigger;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import java.io.IOException;

/**
 * One message as every job on its queue reads it: its body checked against the queue's {@link MessageBounds} and,
 * when a filter or mapping asks for JSON, parsed once for all of them. A body over a bound is never parsed.
 */
public final class MessageBody {

    /** The body is not JSON; {@link #getMessage()} says where, without quoting it. */
    public static final class NotJsonException extends Exception {

        private static final long serialVersionUID = 1L;

        NotJsonException(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Field names are neither interned nor kept in the factory's shared symbol table: a message's thousands of
     * distinct names would only cost time and fill the table for every later message.
     */
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();
    private static final ObjectMapper JSON = new ObjectMapper(FACTORY);

    private final QueueMessage message;
    private final MessageBounds bounds;
    private boolean parsed;
    private JsonNode json;
    private Exception failure;

    public MessageBody(QueueMessage message, MessageBounds bounds) {
        this.message = message;
        this.bounds = bounds;
    }

    public QueueMessage message() {
        return message;
    }

    public MessageBounds bounds() {
        return bounds;
    }

    /** The body, for a reader that reads all of it: within the size bound. */
    public String text() throws MessageBounds.ExceededException {
        bounds.checkBody(message.body());
        return message.body();
    }

    /**
     * The body as JSON, parsed on the first call: first a streaming pass that stops at the first bound broken (size,
     * depth, top-level fields), then the tree.
     */
    public JsonNode json() throws MessageBounds.ExceededException, NotJsonException {
        if (!parsed) {
            parsed = true;
            try {
                json = parse();
            } catch (MessageBounds.ExceededException | NotJsonException e) {
                failure = e;
            }
        }
        if (failure instanceof MessageBounds.ExceededException e) {
            throw e;
        }
        if (failure instanceof NotJsonException e) {
            throw e;
        }
        return json;
    }

    private JsonNode parse() throws MessageBounds.ExceededException, NotJsonException {
        String body = text();
        try (JsonParser parser = FACTORY.createParser(body)) {
            int depth = 0;
            int fields = 0;
            for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
                if (token.isStructStart()) {
                    bounds.checkDepth(++depth);
                } else if (token.isStructEnd()) {
                    depth--;
                } else if (token == JsonToken.FIELD_NAME && depth == 1) {
                    bounds.checkFields(++fields);
                }
            }
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at character " + e.getLocation().getCharOffset();
            throw new NotJsonException("the body is not JSON" + where);
        } catch (IOException e) {
            throw new NotJsonException("the body cannot be read as JSON: " + e.getClass().getSimpleName());
        }
    }
}
