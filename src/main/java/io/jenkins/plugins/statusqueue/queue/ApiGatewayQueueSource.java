package io.jenkins.plugins.statusqueue.queue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.statusqueue.config.Urls;
import io.jenkins.plugins.statusqueue.http.HttpAnswer;
import io.jenkins.plugins.statusqueue.http.HttpClientFactory;
import io.jenkins.plugins.statusqueue.http.HttpTransport;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import okhttp3.Headers;

/**
 * The HTTP facade of a status-queue stack: API Gateway methods behind an API key that call SQS with the stack's own
 * role. Speaks both stacks: the improved one honours {@code MaxNumberOfMessages}, {@code WaitTimeSeconds} and
 * {@code VisibilityTimeout} and deletes in batches at {@code POST /message/delete}; the original one ignores the
 * query and returns at most one message per {@code GET /message}, and only deletes one message per
 * {@code DELETE /message}. The first time the stack shows it has no batch route, this source falls back to single
 * deletes for good.
 *
 * <p>The stacks map every SQS answer to HTTP 200, so an SQS error arrives as a 200 whose body is an SQS error
 * document; API Gateway's own refusals (key, route, throttling, integration failures) keep their status codes.
 */
public final class ApiGatewayQueueSource implements QueueSource {

    private static final Logger LOGGER = Logger.getLogger(ApiGatewayQueueSource.class.getName());

    /**
     * How long a whole exchange, body included, may take beyond the long-poll wait; API Gateway itself gives up
     * after 29 s.
     */
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(15);
    static final int MAX_BATCH = 10;
    static final int MAX_WAIT_SECONDS = 20;
    /** A receipt handle no queue ever issues: deleting it proves the route, the key and the queue, and hides nothing. */
    static final String PROBE_RECEIPT_HANDLE = "status-queue-connection-test";
    private static final String MISSING_ROUTE = "Missing Authentication Token";
    private static final int MAX_QUOTED = 200;
    /** Ten messages of SQS's largest size, each character escaped: anything longer is not the stack. */
    static final long MAX_ANSWER_BYTES = 16L * 1024 * 1024;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiUrl;
    private final String apiKey;
    private final HttpTransport http;
    private final Duration requestTimeout;
    private final int visibilityTimeoutSeconds;
    /** What every call sends: the API key, JSON wanted; and with a body, JSON sent. */
    private final Headers readHeaders;
    private final Headers writeHeaders;
    /** Set once the stack answered that it has no {@code POST /message/delete}: an original stack. */
    static final String DEPTH_PATH = "/queue";
    static final String DEAD_LETTER_PATH = "/queue/dead-letter";
    private final AtomicBoolean batchDeleteMissing = new AtomicBoolean();

    /** A source with its own HTTP client, the default timeout and the queue's own visibility timeout. */
    public ApiGatewayQueueSource(HttpClientFactory http, String apiUrl, String apiKey) {
        this(apiUrl, apiKey, newTransport(http), DEFAULT_REQUEST_TIMEOUT, 0);
    }

    /**
     * @param apiUrl                   the stack's stage URL, without {@code /message}
     * @param apiKey                   the API key, sent as {@code X-Api-Key}
     * @param http                     the client to send requests with; {@link #close()} closes it
     * @param requestTimeout           how long an answer may take beyond the long-poll wait
     * @param visibilityTimeoutSeconds how long received messages stay hidden; 0 keeps the queue's own setting (an
     *                                 original stack always does)
     * @throws IllegalArgumentException when the URL cannot work (see {@link ApiGatewayUrls#check})
     */
    public ApiGatewayQueueSource(String apiUrl, String apiKey, HttpTransport http, Duration requestTimeout,
            int visibilityTimeoutSeconds) {
        var check = ApiGatewayUrls.check(apiUrl);
        if (check.isError()) {
            throw new IllegalArgumentException("API Gateway URL " + apiUrl + ": " + check.message());
        }
        this.apiUrl = Urls.normalize(apiUrl);
        this.apiKey = apiKey == null ? "" : apiKey.trim();
        this.http = Objects.requireNonNull(http, "http");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.visibilityTimeoutSeconds = Math.max(0, visibilityTimeoutSeconds);
        // A key that cannot be a header value (a line break) is sent as none, and refused like one.
        boolean sendable = this.apiKey.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
        this.readHeaders = Headers.of("X-Api-Key", sendable ? this.apiKey : "", "Accept", "application/json");
        this.writeHeaders = readHeaders.newBuilder().add("Content-Type", "application/json").build();
    }

    /** A client for one stack: its own connection pool, from {@code http} (in Jenkins: with Jenkins' proxy). */
    public static HttpTransport newTransport(HttpClientFactory http) {
        return new HttpTransport(http, Duration.ofSeconds(10), MAX_ANSWER_BYTES);
    }

    /** One request to the stack, below its stage URL. */
    private record Call(String method, String pathAndQuery, byte[] body, int waitSeconds) {
    }

    @Override
    public List<QueueMessage> receive(int maxMessages, int waitSeconds) throws QueueException {
        int max = Math.max(1, Math.min(MAX_BATCH, maxMessages));
        int wait = Math.max(0, Math.min(MAX_WAIT_SECONDS, waitSeconds));
        String query = "MaxNumberOfMessages=" + max + "&WaitTimeSeconds=" + wait
                + (visibilityTimeoutSeconds > 0 ? "&VisibilityTimeout=" + visibilityTimeoutSeconds : "");
        JsonNode answer = successful(exchange(new Call("GET", "/message?" + query, null, wait)), "GET /message");
        JsonNode response = member(answer, "ReceiveMessageResponse");
        if (response == null || !response.isObject()) {
            throw unexpected("GET /message", "no ReceiveMessageResponse", answer);
        }
        JsonNode messages = member(member(response, "ReceiveMessageResult"), "messages");
        if (messages == null || messages.isNull()) {
            return List.of();
        }
        if (!messages.isArray()) {
            throw unexpected("GET /message", "messages is not a list", answer);
        }
        List<QueueMessage> received = new ArrayList<>(messages.size());
        for (JsonNode message : messages) {
            received.add(toMessage(message, answer));
        }
        return received;
    }

    private QueueMessage toMessage(JsonNode message, JsonNode answer) throws QueueException {
        String messageId = text(member(message, "MessageId"));
        String receiptHandle = text(member(message, "ReceiptHandle"));
        if (messageId == null || receiptHandle == null) {
            throw unexpected("GET /message", "a message without MessageId or ReceiptHandle", answer);
        }
        return QueueMessage.fromSqs(messageId, receiptHandle, text(member(message, "Body")),
                attributes(member(message, "Attributes")));
    }

    /** SQS attributes as a JSON object, or as the query protocol's list of {@code Name}/{@code Value} pairs. */
    private static Map<String, String> attributes(JsonNode attributes) {
        Map<String, String> values = new LinkedHashMap<>();
        if (attributes != null && attributes.isObject()) {
            attributes.fields().forEachRemaining(field -> {
                if (field.getValue().isValueNode() && !field.getValue().isNull()) {
                    values.put(field.getKey(), field.getValue().asText());
                }
            });
        } else if (attributes != null && attributes.isArray()) {
            for (JsonNode pair : attributes) {
                String name = text(member(pair, "Name"));
                String value = text(member(pair, "Value"));
                if (name != null && value != null) {
                    values.put(name, value);
                }
            }
        }
        return values;
    }

    /**
     * Deletes in batches of ten at {@code POST /message/delete}, or one by one at {@code DELETE /message} on a stack
     * without the batch route. Throws only when nothing was deleted yet; after that, a failure is reported for the
     * messages it left undeleted.
     */
    @Override
    public DeleteResult delete(List<QueueMessage> messages) throws QueueException {
        List<QueueMessage> deleted = new ArrayList<>();
        Map<QueueMessage, String> failed = new LinkedHashMap<>();
        int done = 0;
        try {
            while (done < messages.size()) {
                List<QueueMessage> chunk = messages.subList(done, Math.min(messages.size(), done + MAX_BATCH));
                if (batchDeleteMissing.get() || !deleteBatch(chunk, deleted, failed)) {
                    for (QueueMessage message : chunk) {
                        deleteOne(message, deleted, failed);
                    }
                }
                done += chunk.size();
            }
        } catch (QueueException e) {
            if (deleted.isEmpty()) {
                throw e;
            }
            for (QueueMessage message : messages) {
                if (!deleted.contains(message)) {
                    failed.putIfAbsent(message, e.getMessage());
                }
            }
        }
        return new DeleteResult(deleted, failed);
    }

    /** One {@code POST /message/delete}; false, and single deletes from now on, when the stack has no such route. */
    private boolean deleteBatch(List<QueueMessage> chunk, List<QueueMessage> deleted, Map<QueueMessage, String> failed)
            throws QueueException {
        ObjectNode body = JSON.createObjectNode();
        ArrayNode entries = body.putArray("Entries");
        for (int i = 0; i < chunk.size(); i++) {
            entries.addObject().put("Id", Integer.toString(i)).put("ReceiptHandle", chunk.get(i).receiptHandle());
        }
        HttpAnswer response = exchange(batchDeleteRequest(body));
        if (isMissingRoute(response)) {
            if (batchDeleteMissing.compareAndSet(false, true)) {
                LOGGER.info(() -> describe() + " has no POST /message/delete (a stack from the original template): "
                        + "deleting one message per request from now on");
            }
            return false;
        }
        JsonNode answer = successful(response, "POST /message/delete");
        JsonNode result = member(member(answer, "DeleteMessageBatchResponse"), "DeleteMessageBatchResult");
        if (result == null || !result.isObject()) {
            throw unexpected("POST /message/delete", "no DeleteMessageBatchResult", answer);
        }
        Map<Integer, String> failures = new LinkedHashMap<>();
        for (JsonNode entry : list(member(result, "Failed"))) {
            failures.put(entryIndex(entry, chunk.size()), text(member(entry, "Code")) + ": "
                    + text(member(entry, "Message")));
        }
        List<Integer> successes = new ArrayList<>();
        for (JsonNode entry : list(member(result, "Successful"))) {
            successes.add(entryIndex(entry, chunk.size()));
        }
        for (int i = 0; i < chunk.size(); i++) {
            if (failures.containsKey(i)) {
                failed.put(chunk.get(i), "SQS did not delete it: " + failures.get(i));
            } else if (successes.contains(i)) {
                deleted.add(chunk.get(i));
            } else {
                failed.put(chunk.get(i), "SQS did not report on this entry of the batch delete");
            }
        }
        return true;
    }

    private static Call batchDeleteRequest(JsonNode body) {
        return new Call("POST", "/message/delete", body.toString().getBytes(StandardCharsets.UTF_8), 0);
    }

    /** The entry index an {@code Id} names, or -1 for an id this source never sent. */
    private static int entryIndex(JsonNode entry, int size) {
        int index = parseInt(text(member(entry, "Id")), -1);
        return index < size ? index : -1;
    }

    private static Iterable<JsonNode> list(JsonNode node) {
        return node != null && node.isArray() ? node : List.of();
    }

    /** One {@code DELETE /message}; an SQS refusal of this one handle is reported for it alone. */
    private void deleteOne(QueueMessage message, List<QueueMessage> deleted, Map<QueueMessage, String> failed)
            throws QueueException {
        HttpAnswer response = exchange(singleDeleteRequest(message.receiptHandle()));
        JsonNode answer = answer(response, "DELETE /message");
        String sqsError = sqsError(answer);
        if (sqsError != null) {
            failed.put(message, "SQS did not delete it: " + sqsError);
        } else if (member(answer, "DeleteMessageResponse") == null) {
            throw unexpected("DELETE /message", "no DeleteMessageResponse", answer);
        } else {
            deleted.add(message);
        }
    }

    private static Call singleDeleteRequest(String receiptHandle) {
        return new Call("DELETE", "/message?receiptHandle=" + URLEncoder.encode(receiptHandle, StandardCharsets.UTF_8),
                null, 0);
    }

    /**
     * The facade has no route to change a message's visibility, so a message that should be retried later comes
     * back when the visibility timeout it was received with runs out (the queue's, or the one this source asks
     * for on an improved stack).
     */
    @Override
    public void postpone(QueueMessage message, int delaySeconds) {
    }

    @Override
    public int maxBatchSize() {
        return MAX_BATCH;
    }

    /**
     * Deletes a receipt handle that no queue ever issued. The request passes the route, the API key check and the
     * stack's role on its way to SQS, which answers that the handle is invalid, and no message is touched: a
     * receive would hide a message, or (even with a zero visibility timeout) count a receive towards the
     * dead-letter queue.
     */
    @Override
    public QueueProbe probe() throws QueueException {
        String batch;
        long depth = -1;
        if (!batchDeleteMissing.get() && probeBatchDelete()) {
            batch = "batch deletes";
            depth = probeDepth();
        } else {
            probeSingleDelete();
            batch = "single deletes only (a stack from the original template)";
        }
        return new QueueProbe(describe() + ": API key accepted, SQS answered through the stack; " + batch, depth);
    }

    /** The bundled stack's {@code GET /queue}: messages waiting plus in flight, or -1 where the stack has none. */
    private long probeDepth() throws QueueException {
        Map<String, String> counts = queueAttributes(DEPTH_PATH);
        return counts == null ? -1 : parseInt(counts.get("ApproximateNumberOfMessages"), 0)
                + parseInt(counts.get("ApproximateNumberOfMessagesNotVisible"), 0);
    }

    /**
     * The bundled stack's read-only {@code GET /queue/dead-letter}: the dead-letter queue's counts. Stacks deployed
     * before it existed, and the original template, have no such resource: empty.
     */
    @Override
    public Optional<DeadLetterQueue> deadLetters() throws QueueException {
        Map<String, String> counts = queueAttributes(DEAD_LETTER_PATH);
        if (counts == null) {
            return Optional.empty();
        }
        return Optional.of(new DeadLetterQueue(null, -1, parseInt(counts.get("ApproximateNumberOfMessages"), 0),
                parseInt(counts.get("ApproximateNumberOfMessagesNotVisible"), 0), null, List.of(), null));
    }

    /** The SQS attributes a {@code GET} resource of the stack answers with, or {@code null} where it has none. */
    private Map<String, String> queueAttributes(String path) throws QueueException {
        HttpAnswer response = exchange(new Call("GET", path, null, 0));
        if (isMissingRoute(response)) {
            return null;
        }
        return attributes(member(member(member(successful(response, "GET " + path),
                "GetQueueAttributesResponse"), "GetQueueAttributesResult"), "Attributes"));
    }

    private boolean probeBatchDelete() throws QueueException {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("Entries").addObject().put("Id", "0").put("ReceiptHandle", PROBE_RECEIPT_HANDLE);
        HttpAnswer response = exchange(batchDeleteRequest(body));
        if (isMissingRoute(response)) {
            batchDeleteMissing.set(true);
            return false;
        }
        JsonNode answer = successful(response, "POST /message/delete");
        if (member(member(answer, "DeleteMessageBatchResponse"), "DeleteMessageBatchResult") == null) {
            throw unexpected("POST /message/delete", "no DeleteMessageBatchResult", answer);
        }
        return true;
    }

    private void probeSingleDelete() throws QueueException {
        JsonNode answer = answer(exchange(singleDeleteRequest(PROBE_RECEIPT_HANDLE)), "DELETE /message");
        String code = text(member(member(answer, "Error"), "Code"));
        if (code != null && !code.contains("ReceiptHandleIsInvalid")) {
            throw new QueueException(QueueException.Kind.QUEUE_ERROR,
                    "SQS refused DELETE /message through " + describe() + ": " + sqsError(answer));
        }
        if (code == null && member(answer, "DeleteMessageResponse") == null) {
            throw unexpected("DELETE /message", "no DeleteMessageResponse", answer);
        }
    }

    @Override
    public String describe() {
        return "API Gateway " + apiUrl;
    }

    /** Closes the source's connections; a request under way fails. */
    @Override
    public void close() {
        http.close();
    }

    private HttpAnswer exchange(Call call) throws QueueException {
        String what = call.method() + " " + call.pathAndQuery().split("\\?", 2)[0];
        if (apiKey.isEmpty()) {
            throw new QueueException(QueueException.Kind.AUTH, "No API key configured for " + describe());
        }
        if (readHeaders.get("X-Api-Key").isEmpty()) {
            throw new QueueException(QueueException.Kind.CONFIG, "The API key of " + describe()
                    + " holds characters a header cannot carry (a line break?)");
        }
        Headers headers = call.body() == null ? readHeaders : writeHeaders;
        Duration deadline = requestTimeout.plusSeconds(call.waitSeconds());
        try {
            // Receives and deletes may go twice: a receive then hides its messages a while, a delete is idempotent.
            return http.send(call.method(), URI.create(apiUrl + call.pathAndQuery()), headers, call.body(), deadline,
                    true);
        } catch (HttpTimeoutException e) {
            throw new QueueException(QueueException.Kind.TIMEOUT, what + " to " + describe() + ": no complete answer "
                    + "within " + HttpTransport.seconds(deadline), null, e);
        } catch (ConnectException e) {
            throw new QueueException(QueueException.Kind.TIMEOUT, what + " to " + describe() + ": cannot connect ("
                    + e.getMessage() + ")", null, e);
        } catch (IOException e) {
            throw new QueueException(QueueException.Kind.TIMEOUT, what + " to " + describe() + " failed: " + e, null,
                    e);
        } catch (IllegalArgumentException e) {
            throw new QueueException(QueueException.Kind.CONFIG, what + " to " + describe() + ": " + e.getMessage());
        }
    }

    /** The JSON of a 200 that is not an SQS error document; anything else becomes the matching failure. */
    private JsonNode successful(HttpAnswer response, String what) throws QueueException {
        JsonNode answer = answer(response, what);
        String sqsError = sqsError(answer);
        if (sqsError != null) {
            throw new QueueException(QueueException.Kind.QUEUE_ERROR,
                    "SQS refused " + what + " through " + describe() + ": " + sqsError);
        }
        return answer;
    }

    /** The JSON of a 200, which may be an SQS error document; any other status becomes the matching failure. */
    private JsonNode answer(HttpAnswer response, String what) throws QueueException {
        int status = response.status();
        if (status == 200) {
            try {
                return JSON.readTree(response.text());
            } catch (JsonProcessingException e) {
                throw new QueueException(QueueException.Kind.BAD_RESPONSE, what + " to " + describe()
                        + " answered 200 with something that is not JSON: " + quote(response.text()));
            }
        }
        String said = gatewayMessage(response.text());
        String where = what + " to " + describe() + " answered " + status + " " + said;
        Duration wait = HttpAnswer.retryAfter(response.header("Retry-After"));
        if (status == 403 && MISSING_ROUTE.equals(said)) {
            throw new QueueException(QueueException.Kind.CONFIG, where + ": the stack has no such route; check "
                    + "that the API URL is the stage URL the stack printed, for example " + ApiGatewayUrls.EXAMPLE);
        }
        if (status == 403 || status == 401) {
            throw new QueueException(QueueException.Kind.AUTH, where + ": the API key was refused; check the "
                    + "credential and that the key belongs to the stack's usage plan");
        }
        if (status == 429) {
            String why = "Limit Exceeded".equals(said) ? "the usage plan's quota for this API key is used up"
                    : "throttled by the usage plan";
            throw new QueueException(QueueException.Kind.THROTTLED, where + ": " + why, wait, null);
        }
        if (status >= 500) {
            throw new QueueException(QueueException.Kind.UNAVAILABLE, where, wait, null);
        }
        if (status == 404) {
            throw new QueueException(QueueException.Kind.CONFIG, where + ": check the API URL");
        }
        throw new QueueException(QueueException.Kind.BAD_RESPONSE, where);
    }

    private boolean isMissingRoute(HttpAnswer response) {
        return response.status() == 403 && MISSING_ROUTE.equals(gatewayMessage(response.text()));
    }

    /** API Gateway's {@code {"message": "..."}}, else the start of whatever the body was. */
    private String gatewayMessage(String body) {
        try {
            String message = text(member(JSON.readTree(body), "message"));
            if (message != null) {
                return message;
            }
        } catch (JsonProcessingException notJson) {
            // quoted below
        }
        return quote(body);
    }

    /** {@code Code: Message} of an SQS error document ({@code {"Error":{"Code","Message","Type"}}}), else null. */
    private static String sqsError(JsonNode answer) {
        JsonNode error = member(answer, "Error");
        if (error == null || !error.isObject()) {
            return null;
        }
        return text(member(error, "Code")) + ": " + text(member(error, "Message"));
    }

    private QueueException unexpected(String what, String problem, JsonNode answer) {
        return new QueueException(QueueException.Kind.BAD_RESPONSE, what + " to " + describe()
                + " answered with an unexpected shape (" + problem + "): " + quote(answer.toString()));
    }

    /** The start of an untrusted body, on one line, without the API key should a proxy echo it. */
    private String quote(String body) {
        String text = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        if (!apiKey.isEmpty()) {
            text = text.replace(apiKey, "****");
        }
        return text.length() > MAX_QUOTED ? text.substring(0, MAX_QUOTED) + "..." : text;
    }

    /** A member by name, falling back to a case-insensitive match so that a casing change in SQS does not break us. */
    private static JsonNode member(JsonNode node, String name) {
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String candidate = names.next();
            if (candidate.equalsIgnoreCase(name)) {
                return node.get(candidate);
            }
        }
        return null;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() || !node.isValueNode() ? null : node.asText();
    }

    private static int parseInt(String value, int otherwise) {
        try {
            return value == null ? otherwise : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
