package io.jenkins.plugins.statusqueue.queue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.statusqueue.config.Urls;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The HTTP facade of a status-queue stack: API Gateway in front of SQS, guarded by an API key.
 *
 * <p>Speaks to both templates. The original stack answers {@code GET /message} with at most one message and has
 * only the single {@code DELETE /message}; the bundled stack passes batch size and long polling through and adds
 * {@code POST /message/delete}. The source always asks for the larger batch and finds out once whether batch
 * deletes exist. Both stacks answer SQS's errors with HTTP 200 and an error document, which is detected here.
 */
public final class ApiGatewayQueueSource implements QueueSource {

    static final String BATCH_DELETE_PATH = "/message/delete";
    /** API Gateway's answer to a route the stack does not define. */
    private static final String MISSING_ROUTE = "Missing Authentication Token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** API Gateway itself gives up after 29 s; a request never needs longer than that. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(35);

    private final String apiUrl;
    private final String apiKey;
    private final HttpClient http;
    private volatile boolean batchDeleteAvailable = true;

    public ApiGatewayQueueSource(String apiUrl, String apiKey) {
        this.apiUrl = Urls.normalize(apiUrl);
        this.apiKey = apiKey;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .build();
    }

    @Override
    public List<QueueMessage> receive(int maxMessages, int waitSeconds) throws QueueException {
        String query = "?MaxNumberOfMessages=" + Math.max(1, Math.min(10, maxMessages)) + "&WaitTimeSeconds="
                + Math.max(0, Math.min(20, waitSeconds));
        JsonNode body = call(request("/message" + query).GET(), "receive");
        JsonNode messages = body.path("ReceiveMessageResponse").path("ReceiveMessageResult").path("messages");
        if (body.path("ReceiveMessageResponse").isMissingNode()) {
            throw new QueueException(QueueException.Kind.BAD_RESPONSE, "receive: the answer has no "
                    + "ReceiveMessageResponse; is " + apiUrl + " a status-queue API?");
        }
        List<QueueMessage> received = new ArrayList<>();
        if (messages.isArray()) {
            for (JsonNode message : messages) {
                received.add(toMessage(message));
            }
        }
        return received;
    }

    private static QueueMessage toMessage(JsonNode message) throws QueueException {
        String handle = message.path("ReceiptHandle").asText(null);
        if (handle == null) {
            throw new QueueException(QueueException.Kind.BAD_RESPONSE, "receive: a message has no ReceiptHandle");
        }
        Map<String, String> attributes = attributes(message.path("Attributes"));
        int receiveCount = parseInt(attributes.remove("ApproximateReceiveCount"));
        String sent = attributes.remove("SentTimestamp");
        Instant sentAt = sent == null ? null : Instant.ofEpochMilli(parseLong(sent));
        return new QueueMessage(message.path("MessageId").asText(null), handle, message.path("Body").asText(""),
                receiveCount, sentAt, attributes);
    }

    /** SQS's JSON writes attributes as an object, or as a list of Name/Value entries. */
    private static Map<String, String> attributes(JsonNode node) {
        Map<String, String> attributes = new HashMap<>();
        if (node.isObject()) {
            node.fields().forEachRemaining(field -> attributes.put(field.getKey(), field.getValue().asText()));
        } else if (node.isArray()) {
            node.forEach(entry -> attributes.put(entry.path("Name").asText(), entry.path("Value").asText()));
        }
        return attributes;
    }

    private static int parseInt(String value) {
        try {
            return value == null ? 0 : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long parseLong(String value) {
        try {
            return Long.parseLong(value);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public DeleteResult delete(List<QueueMessage> messages) throws QueueException {
        if (messages.isEmpty()) {
            return DeleteResult.allDeleted(List.of());
        }
        if (batchDeleteAvailable) {
            try {
                return deleteBatch(messages);
            } catch (QueueException e) {
                if (!e.getMessage().contains(MISSING_ROUTE)) {
                    throw e;
                }
                // An original stack: it has no batch delete, and never will until it is upgraded.
                batchDeleteAvailable = false;
            }
        }
        List<QueueMessage> deleted = new ArrayList<>();
        Map<QueueMessage, String> failed = new LinkedHashMap<>();
        for (QueueMessage message : messages) {
            try {
                call(request("/message?receiptHandle=" + URLEncoder.encode(message.receiptHandle(),
                        StandardCharsets.UTF_8)).DELETE(), "delete");
                deleted.add(message);
            } catch (QueueException e) {
                if (!e.kind().isTransient() && e.kind() != QueueException.Kind.QUEUE_ERROR) {
                    throw e;
                }
                failed.put(message, e.getMessage());
            }
        }
        return new DeleteResult(deleted, failed);
    }

    private DeleteResult deleteBatch(List<QueueMessage> messages) throws QueueException {
        ObjectNode request = JSON.createObjectNode();
        ArrayNode entries = request.putArray("Entries");
        for (int i = 0; i < messages.size(); i++) {
            entries.addObject().put("Id", Integer.toString(i)).put("ReceiptHandle", messages.get(i).receiptHandle());
        }
        JsonNode body = call(request(BATCH_DELETE_PATH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(request.toString())), "delete");
        JsonNode result = body.path("DeleteMessageBatchResponse").path("DeleteMessageBatchResult");
        if (result.isMissingNode()) {
            throw new QueueException(QueueException.Kind.BAD_RESPONSE, "delete: the answer has no "
                    + "DeleteMessageBatchResult");
        }
        Map<QueueMessage, String> failed = new LinkedHashMap<>();
        for (JsonNode entry : either(result, "Failed", "failed")) {
            QueueMessage message = entryMessage(messages, entry);
            if (message != null) {
                failed.put(message, entry.path("Code").asText("failed") + ": " + entry.path("Message").asText(""));
            }
        }
        List<QueueMessage> deleted = new ArrayList<>();
        for (JsonNode entry : either(result, "Successful", "successful")) {
            QueueMessage message = entryMessage(messages, entry);
            if (message != null && !failed.containsKey(message)) {
                deleted.add(message);
            }
        }
        for (QueueMessage message : messages) {
            if (!deleted.contains(message) && !failed.containsKey(message)) {
                failed.put(message, "SQS reported no result for this entry");
            }
        }
        return new DeleteResult(deleted, failed);
    }

    private static JsonNode either(JsonNode node, String name, String alternative) {
        return node.has(name) ? node.path(name) : node.path(alternative);
    }

    private static QueueMessage entryMessage(List<QueueMessage> messages, JsonNode entry) {
        int index = parseInt(entry.path("Id").asText());
        return index >= 0 && index < messages.size() && entry.path("Id").asText().equals(Integer.toString(index))
                ? messages.get(index) : null;
    }

    /** The facade cannot change a message's visibility: it returns when the stack's visibility timeout ends. */
    @Override
    public int maxBatchSize() {
        return 10;
    }

    /**
     * Checks key and route without touching a message: a delete with a receipt handle that cannot exist reaches SQS
     * only when the key is accepted, and SQS answers it with an error document.
     */
    @Override
    public QueueProbe probe() throws QueueException {
        JsonNode body;
        try {
            body = call(request("/message?receiptHandle=status-queue-connection-test").DELETE(), "test");
        } catch (QueueException e) {
            if (e.kind() != QueueException.Kind.QUEUE_ERROR || !e.getMessage().contains("ReceiptHandle")) {
                throw e;
            }
            return new QueueProbe("Reached the queue through " + apiUrl + " with the API key", -1);
        }
        return new QueueProbe("Reached " + apiUrl + " with the API key (answer: "
                + abbreviate(body.toString()) + ")", -1);
    }

    @Override
    public String describe() {
        return "API Gateway " + apiUrl;
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(apiUrl + pathAndQuery)).timeout(REQUEST_TIMEOUT)
                .header("X-Api-Key", apiKey).header("Accept", "application/json");
    }

    private JsonNode call(HttpRequest.Builder request, String what) throws QueueException {
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new QueueException(QueueException.Kind.TIMEOUT, what + ": no answer from " + apiUrl + " within "
                    + REQUEST_TIMEOUT.toSeconds() + " s", null, e);
        } catch (IOException e) {
            throw new QueueException(QueueException.Kind.TIMEOUT, what + ": cannot reach " + apiUrl + ": " + e,
                    null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new QueueException(QueueException.Kind.TIMEOUT, what + ": interrupted", null, e);
        }
        int status = response.statusCode();
        String gatewayMessage = gatewayMessage(response.body());
        if (status == 403) {
            if (MISSING_ROUTE.equals(gatewayMessage)) {
                throw new QueueException(QueueException.Kind.CONFIG, what + ": 403 " + MISSING_ROUTE + ": "
                        + apiUrl + " has no such route; check the URL and its stage");
            }
            throw new QueueException(QueueException.Kind.AUTH, what + ": 403 " + gatewayMessage
                    + ": the API key was refused");
        }
        if (status == 429) {
            Duration wait = response.headers().firstValue("Retry-After").map(ApiGatewayQueueSource::seconds)
                    .orElse(null);
            throw new QueueException(QueueException.Kind.THROTTLED, what + ": 429 " + gatewayMessage
                    + ": the usage plan's throttle or quota was reached", wait, null);
        }
        if (status >= 500) {
            throw new QueueException(QueueException.Kind.UNAVAILABLE, what + ": " + status + " " + gatewayMessage,
                    null, null);
        }
        if (status != 200) {
            throw new QueueException(QueueException.Kind.BAD_RESPONSE, what + ": unexpected HTTP " + status + " "
                    + gatewayMessage, null, null);
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new QueueException(QueueException.Kind.BAD_RESPONSE, what + ": the answer is not JSON: "
                    + abbreviate(response.body()), null, e);
        }
        JsonNode error = body.has("ErrorResponse") ? body.path("ErrorResponse").path("Error") : body.path("Error");
        if (error.isObject()) {
            throw new QueueException(QueueException.Kind.QUEUE_ERROR, what + ": SQS error "
                    + error.path("Code").asText("?") + ": " + error.path("Message").asText(""));
        }
        return body;
    }

    /** API Gateway's own errors carry {@code {"message": "..."}}. */
    private static String gatewayMessage(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            if (node != null && node.path("message").isTextual()) {
                return node.path("message").asText();
            }
        } catch (IOException notJson) {
            // described below
        }
        return abbreviate(body);
    }

    private static Duration seconds(String value) {
        try {
            return Duration.ofSeconds(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String abbreviate(String text) {
        String oneLine = text == null ? "" : text.replaceAll("\\s+", " ").trim();
        return oneLine.length() <= 120 ? oneLine : oneLine.substring(0, 117) + "...";
    }
}
