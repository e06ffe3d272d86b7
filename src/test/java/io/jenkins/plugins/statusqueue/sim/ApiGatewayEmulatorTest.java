package io.jenkins.plugins.statusqueue.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator.Fault;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator.Route;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator.Stack;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The emulator enforces what the stack enforces, so that tests against it mean something. */
class ApiGatewayEmulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final EmulatedStacks STACKS = new EmulatedStacks();

    private final HttpClient http = HttpClient.newHttpClient();
    private ElasticMq mq;
    private String queueUrl;
    private ApiGatewayEmulator gateway;

    private void start(Stack stack) throws IOException {
        gateway = STACKS.start(stack);
        mq = STACKS.mq();
        queueUrl = STACKS.queueUrl();
    }

    private HttpResponse<String> call(String method, String pathAndQuery, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(gateway.apiUrl() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("X-Api-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String pathAndQuery) throws Exception {
        return call("GET", pathAndQuery, ApiGatewayEmulator.API_KEY, null);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }

    private static JsonNode messages(HttpResponse<String> response) throws IOException {
        return json(response).path("ReceiveMessageResponse").path("ReceiveMessageResult").path("messages");
    }

    private static void assertGatewayError(int status, String message, HttpResponse<String> response)
            throws IOException {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(Map.of("message", message), JSON.convertValue(json(response), Map.class));
    }

    @Test
    void servesTheRoutesOfEachTemplate() throws Exception {
        start(Stack.IMPROVED);
        assertEquals(List.of(
                new Route("GET", "/message", Set.of("MaxNumberOfMessages", "WaitTimeSeconds", "VisibilityTimeout")),
                new Route("DELETE", "/message", Set.of("receiptHandle")),
                new Route("POST", "/message/delete", Set.of()),
                new Route("GET", "/queue", Set.of()),
                new Route("GET", "/queue/dead-letter", Set.of())), gateway.routes());
        assertEquals("GET /message", gateway.routes().get(0).toString());
        start(Stack.ORIGINAL);
        assertEquals(List.of("GET /message", "DELETE /message"),
                gateway.routes().stream().map(Route::toString).toList());
    }

    @Test
    void checksTheRouteBeforeTheKeyAndTheKeyBeforeSqs() throws Exception {
        start(Stack.IMPROVED);
        mq.client().sendMessage(queueUrl, "kept");
        assertGatewayError(403, "Forbidden", call("GET", "/message", null, null));
        assertGatewayError(403, "Forbidden", call("GET", "/message", "wrong", null));
        assertGatewayError(403, "Missing Authentication Token", call("GET", "/messages", null, null));
        assertGatewayError(403, "Missing Authentication Token", call("PUT", "/message", ApiGatewayEmulator.API_KEY,
                ""));
        HttpResponse<String> otherStage = http.send(HttpRequest.newBuilder(URI.create(
                gateway.apiUrl().replace("/prod", "/dev") + "/message")).header("X-Api-Key", ApiGatewayEmulator.API_KEY)
                .build(), HttpResponse.BodyHandlers.ofString());
        assertGatewayError(403, "Missing Authentication Token", otherStage);
        assertEquals("kept", messages(get("/message")).get(0).path("Body").asText(), "refusals touched nothing");
    }

    @Test
    void improvedStackPassesTheQueryAndAsksForAttributes() throws Exception {
        start(Stack.IMPROVED);
        for (int i = 0; i < 12; i++) {
            mq.client().sendMessage(queueUrl, "m" + i);
        }
        HttpResponse<String> response = get("/message?MaxNumberOfMessages=10&WaitTimeSeconds=1&VisibilityTimeout=30");
        assertEquals(200, response.statusCode());
        JsonNode messages = messages(response);
        assertEquals(10, messages.size());
        JsonNode first = messages.get(0);
        assertEquals("1", first.path("Attributes").path("ApproximateReceiveCount").asText());
        assertTrue(first.path("Attributes").path("SentTimestamp").asLong() > 0);
        for (String field : List.of("Body", "MD5OfBody", "MessageId", "ReceiptHandle")) {
            assertTrue(first.path(field).isTextual(), field);
        }
        assertTrue(json(response).path("ReceiveMessageResponse").path("ResponseMetadata").path("RequestId")
                .isTextual());
        assertEquals(2, messages(get("/message?MaxNumberOfMessages=10")).size());
        assertTrue(messages(get("/message?MaxNumberOfMessages=10")).isNull(), "empty is null");
    }

    @Test
    void originalStackIgnoresTheQueryAndHasNoBatchDelete() throws Exception {
        start(Stack.ORIGINAL);
        for (int i = 0; i < 3; i++) {
            mq.client().sendMessage(queueUrl, "m" + i);
        }
        JsonNode messages = messages(get("/message?MaxNumberOfMessages=10"));
        assertEquals(1, messages.size());
        assertTrue(messages.get(0).path("Attributes").isNull());
        String handle = messages.get(0).path("ReceiptHandle").asText();
        assertGatewayError(403, "Missing Authentication Token", call("POST", "/message/delete",
                ApiGatewayEmulator.API_KEY, "{\"Entries\":[{\"Id\":\"0\",\"ReceiptHandle\":\"" + handle + "\"}]}"));
        HttpResponse<String> deleted = call("DELETE", "/message?receiptHandle="
                + URLEncoder.encode(handle, StandardCharsets.UTF_8), ApiGatewayEmulator.API_KEY, null);
        assertEquals(200, deleted.statusCode());
        assertTrue(json(deleted).path("DeleteMessageResponse").has("ResponseMetadata"));
        assertEquals(2, Integer.parseInt(mq.client().getQueueAttributes(queueUrl, List.of("ApproximateNumberOfMessages"))
                .getAttributes().get("ApproximateNumberOfMessages")));
    }

    @Test
    void batchDeleteAnswersPerEntryAndSqsErrorsComeBackAs200() throws Exception {
        start(Stack.IMPROVED);
        mq.client().sendMessage(queueUrl, "m");
        String handle = messages(get("/message")).get(0).path("ReceiptHandle").asText();
        HttpResponse<String> response = call("POST", "/message/delete", ApiGatewayEmulator.API_KEY,
                "{\"Entries\":[{\"Id\":\"0\",\"ReceiptHandle\":\"" + handle + "\"},"
                        + "{\"Id\":\"1\",\"ReceiptHandle\":\"bogus\"}]}");
        assertEquals(200, response.statusCode());
        JsonNode result = json(response).path("DeleteMessageBatchResponse").path("DeleteMessageBatchResult");
        assertEquals("0", result.path("Successful").get(0).path("Id").asText());
        JsonNode failed = result.path("Failed").get(0);
        assertEquals("1", failed.path("Id").asText());
        assertEquals("ReceiptHandleIsInvalid", failed.path("Code").asText());
        assertTrue(failed.path("SenderFault").asBoolean());

        HttpResponse<String> refused = get("/message?MaxNumberOfMessages=11");
        assertEquals(200, refused.statusCode());
        assertTrue(json(refused).path("Error").path("Code").isTextual(), refused.body());
        assertEquals("Sender", json(refused).path("Error").path("Type").asText());
        assertGatewayError(400, "Invalid request body", call("POST", "/message/delete", ApiGatewayEmulator.API_KEY,
                "not json"));
    }

    @Test
    void throttlesAboveTheRateAndBurstAndStopsAtTheQuota() throws Exception {
        start(Stack.IMPROVED);
        gateway.throttle(0.01, 2);
        assertEquals(200, get("/message").statusCode());
        assertEquals(200, get("/message").statusCode());
        assertGatewayError(429, "Too Many Requests", get("/message"));
        gateway.throttle(1000, 1000);
        gateway.quota(1);
        assertEquals(200, get("/message").statusCode());
        assertGatewayError(429, "Limit Exceeded", get("/message"));
    }

    @Test
    void servesInjectedFaultsInOrderThenRecovers() throws Exception {
        start(Stack.IMPROVED);
        gateway.failAfter(1, 2, Fault.gateway(504));
        gateway.failNext(1, Fault.notJson());
        assertEquals(200, get("/message").statusCode());
        assertGatewayError(504, "Endpoint request timed out", get("/message"));
        assertGatewayError(504, "Endpoint request timed out", get("/message"));
        assertTrue(get("/message").body().startsWith("<html>"));
        assertEquals(200, get("/message").statusCode());
        assertEquals("AccessDenied", json(sqsErrorAnswer()).path("Error").path("Code").asText());
    }

    private HttpResponse<String> sqsErrorAnswer() throws Exception {
        gateway.failNext(1, Fault.sqsError("AccessDenied", "Access to the resource is denied."));
        HttpResponse<String> response = get("/message");
        assertEquals(200, response.statusCode());
        return response;
    }

    @Test
    void countsRequestsPerRouteWhateverTheAnswer() throws Exception {
        start(Stack.IMPROVED);
        get("/message");
        get("/message");
        call("GET", "/message", "wrong", null);
        call("DELETE", "/message?receiptHandle=x", ApiGatewayEmulator.API_KEY, null);
        assertEquals(Map.of("GET /message", 3, "DELETE /message", 1), gateway.requestCounts());
        assertEquals(4, gateway.totalRequests());
        gateway.resetCounts();
        assertEquals(0, gateway.requests("GET /message"));
    }
}
