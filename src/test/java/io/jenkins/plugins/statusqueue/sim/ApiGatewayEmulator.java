package io.jenkins.plugins.statusqueue.sim;

import com.amazonaws.AmazonServiceException;
import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.model.BatchResultErrorEntry;
import com.amazonaws.services.sqs.model.DeleteMessageBatchRequestEntry;
import com.amazonaws.services.sqs.model.DeleteMessageBatchResult;
import com.amazonaws.services.sqs.model.DeleteMessageBatchResultEntry;
import com.amazonaws.services.sqs.model.Message;
import com.amazonaws.services.sqs.model.ReceiveMessageRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The API Gateway REST API of a status-queue stack, on localhost, in front of an ElasticMQ queue: the stack's routes
 * under a stage path, the API key check, usage-plan throttling and quota, and the AWS integration that maps every
 * SQS answer, errors included, to HTTP 200 with SQS's legacy JSON. {@link Stack#ORIGINAL} behaves like the original
 * template: the query is ignored (one message per GET, no attributes) and there is no {@code POST /message/delete}.
 * Faults and latency can be injected; requests are counted per route.
 */
public final class ApiGatewayEmulator implements AutoCloseable {

    public static final String API_KEY = "apigw-test-key-0123456789";
    public static final String STAGE = "/prod";

    /** Which CloudFormation template the emulated stack came from. */
    public enum Stack {
        /** {@code cloudformation/status-queue.yaml}: query parameters, attributes, batch delete. */
        IMPROVED,
        /** The original template: {@code GET /message} with no parameters and {@code DELETE /message} only. */
        ORIGINAL
    }

    /**
     * One method of the REST API.
     *
     * @param method          the HTTP method
     * @param path            the resource path below the stage
     * @param queryParameters the query string parameters the integration passes on to SQS
     */
    public record Route(String method, String path, Set<String> queryParameters) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    /**
     * An answer API Gateway gives instead of calling SQS.
     *
     * @param status  the HTTP status
     * @param body    the body
     * @param headers extra response headers
     */
    public record Fault(int status, String body, Map<String, String> headers) {

        /** API Gateway's own error, with the message it uses for that status. */
        public static Fault gateway(int status) {
            String message = switch (status) {
                case 502 -> "Internal server error";
                case 503 -> "Service Unavailable";
                case 504 -> "Endpoint request timed out";
                default -> "Internal server error";
            };
            return new Fault(status, gatewayBody(message), Map.of());
        }

        /** A throttling answer that says when to come back. */
        public static Fault throttled(Duration retryAfter) {
            return new Fault(429, gatewayBody("Too Many Requests"),
                    Map.of("Retry-After", Long.toString(retryAfter.toSeconds())));
        }

        /** An SQS error, mapped to 200 like every SQS answer. */
        public static Fault sqsError(String code, String message) {
            return new Fault(200, sqsErrorBody(code, message, "Sender"), Map.of());
        }

        /** A 200 whose body is not JSON, as when a proxy or a changed mapping template answers. */
        public static Fault notJson() {
            return new Fault(200, "<html><body>Service temporarily unavailable</body></html>", Map.of());
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RECEIVE_PATH = "/message";
    private static final String BATCH_DELETE_PATH = "/message/delete";
    private static final String DEPTH_PATH = "/queue";
    private static final String DEAD_LETTER_PATH = "/queue/dead-letter";

    private final AmazonSQS sqs;
    private final String queueUrl;
    private final Stack stack;
    private final HttpServer server;
    private final ExecutorService executor;
    private final Map<String, AtomicInteger> requestCounts = new ConcurrentHashMap<>();
    /** What the next authorized requests get: a fault, or (empty) the real answer. */
    private final ConcurrentLinkedQueue<Optional<Fault>> faults = new ConcurrentLinkedQueue<>();
    private final Map<String, ConcurrentLinkedQueue<Fault>> routeFaults = new ConcurrentHashMap<>();
    private volatile Duration latency = Duration.ZERO;
    /** How long the bodies of the next real answers take to arrive, one entry per answer. */
    private final ConcurrentLinkedQueue<Duration> trickles = new ConcurrentLinkedQueue<>();
    private volatile TokenBucket throttle;
    private final AtomicInteger quotaLeft = new AtomicInteger(Integer.MAX_VALUE);

    private ApiGatewayEmulator(ElasticMq mq, String queueUrl, Stack stack, int port) throws IOException {
        this.sqs = mq.newClient();
        this.queueUrl = queueUrl;
        this.stack = stack;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        // Long polls hold a thread each for up to 20 s: room for many concurrent receivers.
        executor = Executors.newFixedThreadPool(64, runnable -> {
            Thread thread = new Thread(runnable, "apigw-emulator");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Emulates a stack of the given template in front of {@code queueUrl}, on a free port. */
    public static ApiGatewayEmulator start(ElasticMq mq, String queueUrl, Stack stack) throws IOException {
        return new ApiGatewayEmulator(mq, queueUrl, stack, 0);
    }

    /** The same on a fixed port, for the sandbox. */
    public static ApiGatewayEmulator start(ElasticMq mq, String queueUrl, Stack stack, int port) throws IOException {
        return new ApiGatewayEmulator(mq, queueUrl, stack, port);
    }

    /** The stage URL, as the stack prints it in its outputs. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + STAGE;
    }

    /** The REST API's methods, as the CloudFormation template declares them. */
    public List<Route> routes() {
        if (stack == Stack.ORIGINAL) {
            return List.of(new Route("GET", RECEIVE_PATH, Set.of()),
                    new Route("DELETE", RECEIVE_PATH, Set.of("receiptHandle")));
        }
        return List.of(new Route("GET", RECEIVE_PATH, Set.of("MaxNumberOfMessages", "WaitTimeSeconds", "VisibilityTimeout")),
                new Route("DELETE", RECEIVE_PATH, Set.of("receiptHandle")),
                new Route("POST", BATCH_DELETE_PATH, Set.of()),
                new Route("GET", DEPTH_PATH, Set.of()),
                new Route("GET", DEAD_LETTER_PATH, Set.of()));
    }

    /** Usage-plan throttling: a steady rate with a burst, per API key (there is one). */
    public void throttle(double requestsPerSecond, int burst) {
        throttle = new TokenBucket(requestsPerSecond, burst);
    }

    /** A usage-plan quota: after this many more requests, 429 "Limit Exceeded". */
    public void quota(int requests) {
        quotaLeft.set(requests);
    }

    /** Added before every answer, like a slow network or a slow integration. */
    public void latency(Duration latency) {
        this.latency = latency;
    }

    /** The next {@code times} authorized requests to a route get {@code fault} instead of reaching SQS. */
    public void failNext(int times, Fault fault) {
        failAfter(0, times, fault);
    }

    /**
     * The next {@code times} authorized requests to {@code route} (for example {@code "POST /message/delete"}) get
     * {@code fault}; requests to other routes pass.
     */
    public void failNextOn(String route, int times, Fault fault) {
        ConcurrentLinkedQueue<Fault> queue = routeFaults.computeIfAbsent(route, r -> new ConcurrentLinkedQueue<>());
        for (int i = 0; i < times; i++) {
            queue.add(fault);
        }
    }

    /** The next {@code passing} authorized requests reach SQS, then {@code times} get {@code fault}. */
    public void failAfter(int passing, int times, Fault fault) {
        for (int i = 0; i < passing; i++) {
            faults.add(Optional.empty());
        }
        for (int i = 0; i < times; i++) {
            faults.add(Optional.of(fault));
        }
    }

    /**
     * The next {@code times} authorized requests reach SQS as usual (messages are received, deletes happen), but the
     * body of each answer arrives a byte at a time over {@code duration}, after its headers.
     */
    public void trickleNext(int times, Duration duration) {
        for (int i = 0; i < times; i++) {
            trickles.add(duration);
        }
    }

    /** Faults and trickles set with the methods above that no request has taken yet. */
    public int pendingFaults() {
        return faults.size() + trickles.size() + routeFaults.values().stream().mapToInt(ConcurrentLinkedQueue::size)
                .sum();
    }

    /** Requests received for {@code route} (for example {@code "GET /message"}), whatever the answer. */
    public int requests(String route) {
        AtomicInteger count = requestCounts.get(route);
        return count == null ? 0 : count.get();
    }

    /** Requests received, per route, whatever the answer. */
    public Map<String, Integer> requestCounts() {
        Map<String, Integer> counts = new TreeMap<>();
        requestCounts.forEach((route, count) -> counts.put(route, count.get()));
        return counts;
    }

    public int totalRequests() {
        return requestCounts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public void resetCounts() {
        requestCounts.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            String resource = path.startsWith(STAGE + "/") ? path.substring(STAGE.length()) : path;
            requestCounts.computeIfAbsent(method + " " + resource, key -> new AtomicInteger()).incrementAndGet();
            SimulatorHttp.pause(latency);
            Route route = routes().stream()
                    .filter(candidate -> candidate.method().equals(method) && candidate.path().equals(resource))
                    .findFirst().orElse(null);
            // API Gateway resolves the route before it looks at the key.
            if (route == null || !path.startsWith(STAGE + "/")) {
                gatewayError(exchange, 403, "Missing Authentication Token", "MissingAuthenticationTokenException");
                return;
            }
            if (!API_KEY.equals(exchange.getRequestHeaders().getFirst("X-Api-Key"))) {
                gatewayError(exchange, 403, "Forbidden", "ForbiddenException");
                return;
            }
            TokenBucket bucket = throttle;
            if (bucket != null && !bucket.tryTake()) {
                gatewayError(exchange, 429, "Too Many Requests", "TooManyRequestsException");
                return;
            }
            if (quotaLeft.getAndUpdate(left -> left == Integer.MAX_VALUE ? left : Math.max(0, left - 1)) == 0) {
                gatewayError(exchange, 429, "Limit Exceeded", "LimitExceededException");
                return;
            }
            Fault fault = Optional.ofNullable(faults.poll()).flatMap(next -> next).orElse(null);
            ConcurrentLinkedQueue<Fault> forRoute = routeFaults.get(route.toString());
            if (fault == null && forRoute != null) {
                fault = forRoute.poll();
            }
            if (fault != null) {
                fault.headers().forEach(exchange.getResponseHeaders()::add);
                send(exchange, fault.status(), fault.body());
                return;
            }
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery(), route.queryParameters());
            String answer;
            try {
                answer = switch (route.toString()) {
                    case "GET /message" -> receive(query);
                    case "DELETE /message" -> deleteOne(query.get("receiptHandle"));
                    case "GET /queue" -> depth(queueUrl);
                    case "GET /queue/dead-letter" -> depth(deadLetterQueueUrl());
                    default -> deleteBatch(exchange.getRequestBody());
                };
            } catch (AmazonServiceException e) {
                answer = sqsErrorBody(e.getErrorCode(), e.getErrorMessage(),
                        e.getErrorType() == AmazonServiceException.ErrorType.Service ? "Receiver" : "Sender");
            } catch (IllegalArgumentException e) {
                gatewayError(exchange, 400, "Invalid request body", "BadRequestException");
                return;
            }
            Duration trickle = trickles.poll();
            send(exchange, 200, answer, trickle == null ? Duration.ZERO : trickle);
        } catch (RuntimeException e) {
            gatewayError(exchange, 500, "Internal server error", "InternalServerErrorException");
        }
    }

    /** {@code Action=ReceiveMessage}; the improved stack also asks for the two attributes the plugin reads. */
    private String receive(Map<String, String> query) {
        ReceiveMessageRequest request = new ReceiveMessageRequest(queueUrl);
        if (stack == Stack.IMPROVED) {
            request.withAttributeNames("ApproximateReceiveCount", "SentTimestamp");
            integer(query.get("MaxNumberOfMessages")).ifPresent(request::withMaxNumberOfMessages);
            integer(query.get("WaitTimeSeconds")).ifPresent(request::withWaitTimeSeconds);
            integer(query.get("VisibilityTimeout")).ifPresent(request::withVisibilityTimeout);
        }
        List<Message> messages = sqs.receiveMessage(request).getMessages();
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode response = answer.putObject("ReceiveMessageResponse");
        ObjectNode result = response.putObject("ReceiveMessageResult");
        if (messages.isEmpty()) {
            result.putNull("messages");
        } else {
            ArrayNode list = result.putArray("messages");
            for (Message message : messages) {
                ObjectNode item = list.addObject();
                if (message.getAttributes() == null || message.getAttributes().isEmpty()) {
                    item.putNull("Attributes");
                } else {
                    ObjectNode attributes = item.putObject("Attributes");
                    message.getAttributes().forEach(attributes::put);
                }
                item.put("Body", message.getBody());
                item.put("MD5OfBody", message.getMD5OfBody());
                item.putNull("MD5OfMessageAttributes");
                item.putNull("MessageAttributes");
                item.put("MessageId", message.getMessageId());
                item.put("ReceiptHandle", message.getReceiptHandle());
            }
        }
        response.putObject("ResponseMetadata").put("RequestId", UUID.randomUUID().toString());
        return answer.toString();
    }

    /** {@code Action=DeleteMessage} with the {@code receiptHandle} query parameter. */
    /**
     * The stack's dead-letter queue: the one the queue's redrive policy names. A queue without one answers as SQS
     * does for a queue that does not exist, which is what the stack's integration would meet.
     */
    private String deadLetterQueueUrl() {
        String policy = sqs.getQueueAttributes(queueUrl, List.of("RedrivePolicy")).getAttributes().get("RedrivePolicy");
        if (policy == null) {
            AmazonServiceException missing = new AmazonServiceException("The specified queue does not exist.");
            missing.setErrorCode("AWS.SimpleQueueService.NonExistentQueue");
            missing.setErrorType(AmazonServiceException.ErrorType.Client);
            throw missing;
        }
        String arn;
        try {
            arn = JSON.readTree(policy).path("deadLetterTargetArn").asText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return queueUrl.substring(0, queueUrl.lastIndexOf('/') + 1) + arn.substring(arn.lastIndexOf(':') + 1);
    }

    /** {@code Action=GetQueueAttributes} for the two counts "Test connection" and the status page show. */
    private String depth(String queueUrl) {
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode response = answer.putObject("GetQueueAttributesResponse");
        response.putObject("GetQueueAttributesResult").set("Attributes", JSON.valueToTree(sqs
                .getQueueAttributes(queueUrl, List.of("ApproximateNumberOfMessages",
                        "ApproximateNumberOfMessagesNotVisible")).getAttributes()));
        response.putObject("ResponseMetadata").put("RequestId", UUID.randomUUID().toString());
        return answer.toString();
    }

    private String deleteOne(String receiptHandle) {
        sqs.deleteMessage(queueUrl, receiptHandle == null ? "" : receiptHandle);
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("DeleteMessageResponse").putObject("ResponseMetadata")
                .put("RequestId", UUID.randomUUID().toString());
        return answer.toString();
    }

    /** {@code Action=DeleteMessageBatch} from {@code {"Entries":[{"Id","ReceiptHandle"}]}}. */
    private String deleteBatch(InputStream body) throws IOException {
        JsonNode request;
        try {
            request = JSON.readTree(body);
        } catch (IOException e) {
            throw new IllegalArgumentException("not JSON", e);
        }
        if (request == null || !request.path("Entries").isArray()) {
            throw new IllegalArgumentException("no Entries");
        }
        List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
        for (JsonNode entry : request.path("Entries")) {
            entries.add(new DeleteMessageBatchRequestEntry(entry.path("Id").asText(),
                    entry.path("ReceiptHandle").asText()));
        }
        DeleteMessageBatchResult result = sqs.deleteMessageBatch(queueUrl, entries);
        ObjectNode answer = JSON.createObjectNode();
        ObjectNode response = answer.putObject("DeleteMessageBatchResponse");
        ObjectNode batch = response.putObject("DeleteMessageBatchResult");
        ArrayNode failed = batch.putArray("Failed");
        for (BatchResultErrorEntry entry : result.getFailed()) {
            failed.addObject().put("Code", entry.getCode()).put("Id", entry.getId())
                    .put("Message", entry.getMessage()).put("SenderFault", entry.getSenderFault());
        }
        ArrayNode successful = batch.putArray("Successful");
        for (DeleteMessageBatchResultEntry entry : result.getSuccessful()) {
            successful.addObject().put("Id", entry.getId());
        }
        response.putObject("ResponseMetadata").put("RequestId", UUID.randomUUID().toString());
        return answer.toString();
    }

    /** The query parameters the integration maps; the others never reach SQS. */
    private static Map<String, String> query(String rawQuery, Set<String> mapped) {
        Map<String, String> values = new LinkedHashMap<>();
        if (rawQuery == null) {
            return values;
        }
        for (String pair : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String name = URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8);
            String value = equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8);
            if (mapped.contains(name)) {
                values.putIfAbsent(name, value);
            }
        }
        return values;
    }

    /** A parameter that is not a number reaches SQS as it is, and SQS's refusal comes back as a 200. */
    private static Optional<Integer> integer(String value) {
        if (value == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Integer.parseInt(value));
        } catch (NumberFormatException e) {
            AmazonServiceException refusal = new AmazonServiceException("Value " + value + " is not a valid integer");
            refusal.setErrorCode("InvalidParameterValue");
            refusal.setErrorType(AmazonServiceException.ErrorType.Client);
            throw refusal;
        }
    }

    private static String gatewayBody(String message) {
        return JSON.createObjectNode().put("message", message).toString();
    }

    private static String sqsErrorBody(String code, String message, String type) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("Error").put("Code", code).put("Message", message).put("Type", type);
        answer.put("RequestId", UUID.randomUUID().toString());
        return answer.toString();
    }

    private static void gatewayError(HttpExchange exchange, int status, String message, String errorType)
            throws IOException {
        exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        send(exchange, status, gatewayBody(message));
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, body, Duration.ZERO);
    }

    private static void send(HttpExchange exchange, int status, String body, Duration trickle) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("x-amzn-RequestId", UUID.randomUUID().toString());
        SimulatorHttp.write(exchange, status, bytes, trickle);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        sqs.shutdown();
    }

    /** API Gateway's throttle: a bucket of {@code burst} tokens refilled at {@code rate} per second. */
    private static final class TokenBucket {
        private final double rate;
        private final int burst;
        private double tokens;
        private long last = System.nanoTime();

        TokenBucket(double rate, int burst) {
            this.rate = rate;
            this.burst = burst;
            this.tokens = burst;
        }

        synchronized boolean tryTake() {
            long now = System.nanoTime();
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * rate);
            last = now;
            if (tokens < 1) {
                return false;
            }
            tokens--;
            return true;
        }
    }
}
