package io.jenkins.plugins.statusqueue.sim;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.model.DeleteMessageBatchRequest;
import com.amazonaws.services.sqs.model.DeleteMessageBatchRequestEntry;
import com.amazonaws.services.sqs.model.DeleteMessageBatchResult;
import com.amazonaws.services.sqs.model.Message;
import com.amazonaws.services.sqs.model.ReceiveMessageRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API Gateway of a status-queue stack, in front of a real SQS server (ElasticMQ): the routes of
 * {@code cloudformation/status-queue.yaml} with their query parameters, the API key check and usage-plan throttle
 * with API Gateway's own error bodies, and SQS answers rendered as the stack's integrations render them (SQS's
 * JSON, errors included, always with HTTP 200). {@link Mode#ORIGINAL} behaves like a stack of the original
 * template: it ignores the query parameters, gives one message per GET and has no batch delete.
 */
public final class ApiGatewayEmulator implements AutoCloseable {

    public static final String API_KEY = "sandbox-api-key-0123456789";
    public static final String STAGE = "/prod";
    private static final ObjectMapper JSON = new ObjectMapper();

    public enum Mode {
        BUNDLED, ORIGINAL
    }

    /** One method of the stack, with the query parameters it passes to SQS. */
    public record Route(String method, String path, List<String> queryParameters) {
    }

    private static final List<Route> BUNDLED_ROUTES = List.of(
            new Route("GET", "/message", List.of("MaxNumberOfMessages", "WaitTimeSeconds", "VisibilityTimeout")),
            new Route("DELETE", "/message", List.of("receiptHandle")),
            new Route("POST", "/message/delete", List.of()));

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "api-gateway-emulator");
        thread.setDaemon(true);
        return thread;
    });
    private final AmazonSQS sqs;
    private final String queueUrl;
    private final Mode mode;
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    private final List<Integer> faults = Collections.synchronizedList(new ArrayList<>());
    private volatile int burstLimit = Integer.MAX_VALUE;
    private final AtomicInteger inFlight = new AtomicInteger();

    private ApiGatewayEmulator(AmazonSQS sqs, String queueUrl, Mode mode, int port) throws IOException {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
        this.mode = mode;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts on a free port in front of {@code queueUrl}. */
    public static ApiGatewayEmulator start(AmazonSQS sqs, String queueUrl, Mode mode) throws IOException {
        return new ApiGatewayEmulator(sqs, queueUrl, mode, 0);
    }

    public static ApiGatewayEmulator start(AmazonSQS sqs, String queueUrl, Mode mode, int port) throws IOException {
        return new ApiGatewayEmulator(sqs, queueUrl, mode, port);
    }

    /** The stack's {@code ApiUrl} output: the stage's invoke URL. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + STAGE;
    }

    /** The routes this stack serves, for the test that holds them against the template. */
    public List<Route> routes() {
        return mode == Mode.BUNDLED ? BUNDLED_ROUTES : List.of(new Route("GET", "/message", List.of()),
                new Route("DELETE", "/message", List.of("receiptHandle")));
    }

    /** The usage plan's burst: more concurrent requests than this get 429 Too Many Requests. */
    public void setBurstLimit(int limit) {
        burstLimit = limit;
    }

    /**
     * The next requests fail: 502/504 as API Gateway's own errors, 200 with an SQS error document ({@code 1200}), or
     * 200 with a body that is not JSON ({@code 1201}).
     */
    public void failNext(int... statuses) {
        for (int status : statuses) {
            faults.add(status);
        }
    }

    public static final int SQS_ERROR = 1200;
    public static final int NOT_JSON = 1201;

    /** Requests that reached a route, {@code "GET /message"}; {@code "*"} counts all. */
    public int requests(String route) {
        if (route.equals("*")) {
            return requestCounts.values().stream().mapToInt(AtomicInteger::get).sum();
        }
        AtomicInteger count = requestCounts.get(route);
        return count == null ? 0 : count.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            inFlight.incrementAndGet();
            try {
                respond(exchange);
            } finally {
                inFlight.decrementAndGet();
            }
        }
    }

    private void respond(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getPath();
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (!path.startsWith(STAGE + "/")) {
            send(exchange, 403, gatewayError("Missing Authentication Token"));
            return;
        }
        path = path.substring(STAGE.length());
        String route = method + " " + path;
        if (routes().stream().noneMatch(r -> (r.method() + " " + r.path()).equals(route))) {
            send(exchange, 403, gatewayError("Missing Authentication Token"));
            return;
        }
        if (!API_KEY.equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
            send(exchange, 403, gatewayError("Forbidden"));
            return;
        }
        if (inFlight.get() > burstLimit) {
            send(exchange, 429, gatewayError("Too Many Requests"));
            return;
        }
        requestCounts.computeIfAbsent(route, k -> new AtomicInteger()).incrementAndGet();
        Integer fault = faults.isEmpty() ? null : removeFault();
        if (fault != null) {
            injectFault(exchange, fault);
            return;
        }
        try {
            switch (route) {
                case "GET /message" -> send(exchange, 200, receive(query));
                case "DELETE /message" -> {
                    sqs.deleteMessage(queueUrl, query.getOrDefault("receiptHandle", ""));
                    send(exchange, 200, envelope("DeleteMessageResponse", null, null));
                }
                default -> send(exchange, 200, deleteBatch(exchange));
            }
        } catch (AmazonServiceException e) {
            send(exchange, 200, sqsError(e.getErrorCode(), e.getErrorMessage(),
                    e.getErrorType() == AmazonServiceException.ErrorType.Client ? "Sender" : "Receiver"));
        } catch (IllegalArgumentException e) {
            send(exchange, 200, sqsError("InvalidParameterValue", e.getMessage(), "Sender"));
        }
    }

    private Integer removeFault() {
        synchronized (faults) {
            return faults.isEmpty() ? null : faults.remove(0);
        }
    }

    private ObjectNode receive(Map<String, String> query) {
        ReceiveMessageRequest request = new ReceiveMessageRequest(queueUrl)
                .withAttributeNames("ApproximateReceiveCount", "SentTimestamp");
        if (mode == Mode.BUNDLED) {
            request.withMaxNumberOfMessages(intParameter(query, "MaxNumberOfMessages", 1, 1, 10))
                    .withWaitTimeSeconds(intParameter(query, "WaitTimeSeconds", 0, 0, 20));
            if (query.containsKey("VisibilityTimeout")) {
                request.withVisibilityTimeout(intParameter(query, "VisibilityTimeout", 0, 0, 43200));
            }
        } else {
            request.withMaxNumberOfMessages(1).withWaitTimeSeconds(0);
        }
        ArrayNode messages = JSON.createArrayNode();
        for (Message message : sqs.receiveMessage(request).getMessages()) {
            ObjectNode node = messages.addObject();
            node.set("Attributes", JSON.valueToTree(message.getAttributes()));
            node.put("Body", message.getBody());
            node.put("MD5OfBody", message.getMD5OfBody());
            node.putNull("MD5OfMessageAttributes");
            node.putNull("MessageAttributes");
            node.put("MessageId", message.getMessageId());
            node.put("ReceiptHandle", message.getReceiptHandle());
        }
        ObjectNode result = JSON.createObjectNode();
        // SQS writes null, not [], when nothing was received.
        result.set("messages", messages.isEmpty() ? JSON.nullNode() : messages);
        return envelope("ReceiveMessageResponse", "ReceiveMessageResult", result);
    }

    private static int intParameter(Map<String, String> query, String name, int fallback, int min, int max) {
        String value = query.get(name);
        if (value == null) {
            return fallback;
        }
        int number;
        try {
            number = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("Value " + value + " for parameter " + name + " is invalid.");
        }
        if (number < min || number > max) {
            throw new IllegalArgumentException("Value " + value + " for parameter " + name
                    + " is invalid. Must be between " + min + " and " + max + ".");
        }
        return number;
    }

    private ObjectNode deleteBatch(HttpExchange exchange) throws IOException {
        JsonNode request = JSON.readTree(exchange.getRequestBody());
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (JsonNode entry : request.path("Entries")) {
            entries.add(new DeleteMessageBatchRequestEntry(entry.path("Id").asText(),
                    entry.path("ReceiptHandle").asText()));
        }
        DeleteMessageBatchResult deleted = sqs.deleteMessageBatch(new DeleteMessageBatchRequest(queueUrl, entries));
        ObjectNode result = JSON.createObjectNode();
        ArrayNode successful = result.putArray("Successful");
        deleted.getSuccessful().forEach(entry -> successful.addObject().put("Id", entry.getId()));
        ArrayNode failed = result.putArray("Failed");
        deleted.getFailed().forEach(entry -> failed.addObject().put("Id", entry.getId()).put("Code", entry.getCode())
                .put("Message", entry.getMessage()).put("SenderFault", entry.getSenderFault()));
        return envelope("DeleteMessageBatchResponse", "DeleteMessageBatchResult", result);
    }

    private static ObjectNode envelope(String response, String resultName, JsonNode result) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode body = root.putObject(response);
        if (resultName != null) {
            body.set(resultName, result);
        }
        body.putObject("ResponseMetadata").put("RequestId", UUID.randomUUID().toString());
        return root;
    }

    private static ObjectNode sqsError(String code, String message, String type) {
        ObjectNode root = JSON.createObjectNode();
        root.putObject("Error").put("Code", code).put("Message", message).put("Type", type);
        root.put("RequestId", UUID.randomUUID().toString());
        return root;
    }

    private static ObjectNode gatewayError(String message) {
        return JSON.createObjectNode().put("message", message);
    }

    private void injectFault(HttpExchange exchange, int fault) throws IOException {
        switch (fault) {
            case SQS_ERROR -> send(exchange, 200, sqsError("AWS.SimpleQueueService.NonExistentQueue",
                    "The specified queue does not exist for this wsdl version.", "Sender"));
            case NOT_JSON -> sendRaw(exchange, 200, "<html><body>Proxy error</body></html>", "text/html");
            case 504 -> send(exchange, 504, gatewayError("Endpoint request timed out"));
            default -> send(exchange, fault, gatewayError("Internal server error"));
        }
    }

    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null) {
            for (String pair : rawQuery.split("&")) {
                int equals = pair.indexOf('=');
                String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
                String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
                query.put(name, value);
            }
        }
        return query;
    }

    private static void send(HttpExchange exchange, int status, JsonNode body) throws IOException {
        sendRaw(exchange, status, body.toString(), "application/json");
    }

    private static void sendRaw(HttpExchange exchange, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
