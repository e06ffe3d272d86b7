package io.jenkins.plugins.statusqueue.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The simulator enforces what GitHub enforces, so the tests that rely on it stand on firm ground. */
class GheSimulatorTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final GheSimulator ghe = GheSimulator.start();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        ghe.close();
    }

    @Test
    void rootAndUserAnswerWithScopesAndRateLimitHeaders() throws Exception {
        HttpResponse<String> root = get("", null);
        assertEquals(200, root.statusCode());
        assertTrue(json(root).path("rate_limit_url").asText().endsWith("/api/v3/rate_limit"));

        HttpResponse<String> user = get("/user", "token " + GheSimulator.DEFAULT_TOKEN);
        assertEquals(200, user.statusCode());
        assertEquals(GheSimulator.DEFAULT_LOGIN, json(user).path("login").asText());
        assertEquals("repo, read:org", user.headers().firstValue("X-OAuth-Scopes").orElseThrow());
        assertEquals("5000", user.headers().firstValue("X-RateLimit-Limit").orElseThrow());
        assertEquals("4999", user.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        assertEquals("1", user.headers().firstValue("X-RateLimit-Used").orElseThrow());
        assertEquals("core", user.headers().firstValue("X-RateLimit-Resource").orElseThrow());
        assertTrue(user.headers().firstValue("X-RateLimit-Reset").isPresent());

        HttpResponse<String> atRoot = send(HttpRequest.newBuilder(URI.create(ghe.baseUrl() + "/user"))
                .header("Authorization", "Bearer " + GheSimulator.DEFAULT_TOKEN).GET().build());
        assertEquals(200, atRoot.statusCode(), "served at the root too, like api.github.com, with Bearer");
    }

    @Test
    void answersAsTheWebServerInFrontOfGitHubWhenAskedTo() throws Exception {
        ghe.repository("octo", "app");
        ghe.htmlNotFoundNext(1);
        HttpResponse<String> lost = get("/repos/octo/app", auth());
        assertEquals(404, lost.statusCode());
        assertTrue(lost.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(lost.body().contains("<center>nginx</center>"), lost.body());
        assertEquals(200, get("/repos/octo/app", auth()).statusCode(), "one request per fault");

        ghe.webInterfaceAtRoot();
        HttpResponse<String> web = send(HttpRequest.newBuilder(URI.create(ghe.baseUrl() + "/user"))
                .header("Authorization", auth()).GET().build());
        assertEquals(404, web.statusCode(), "the web interface has no /user page");
        assertTrue(web.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertEquals(200, get("/user", auth()).statusCode(), "the API stays under /api/v3");
    }

    @Test
    void refusesBadOrMissingCredentials() throws Exception {
        ghe.repository("octo", "app");
        HttpResponse<String> bad = get("/user", "token wrong");
        assertEquals(401, bad.statusCode());
        assertEquals("Bad credentials", json(bad).path("message").asText());
        assertTrue(json(bad).has("documentation_url"));
        assertEquals(401, get("/repos/octo/app", "Basic abc").statusCode());
        assertEquals(401, get("/user", null).statusCode());
        assertEquals(404, get("/repos/octo/app", null).statusCode(), "private repositories hide from anonymous");
        assertTrue(ghe.statuses().isEmpty());
    }

    @Test
    void servesRepositoriesAndRefusesUnknownOnes() throws Exception {
        ghe.repository("octo", "app");
        HttpResponse<String> repo = get("/repos/octo/app", auth());
        assertEquals(200, repo.statusCode());
        JsonNode json = json(repo);
        assertEquals("octo/app", json.path("full_name").asText());
        assertEquals("octo", json.path("owner").path("login").asText());
        assertTrue(json.path("permissions").path("push").asBoolean());
        HttpResponse<String> missing = get("/repos/octo/nope", auth());
        assertEquals(404, missing.statusCode());
        assertEquals("Not Found", json(missing).path("message").asText());
        assertEquals(1, ghe.count("GET", "/repos/octo/app"));
    }

    @Test
    void storesStatusesAndListsThemNewestFirst() throws Exception {
        ghe.repository("octo", "app");
        HttpResponse<String> created = postStatus("octo/app", SHA,
                "{\"state\":\"pending\",\"context\":\"ci\",\"description\":\"running\",\"target_url\":\"https://x\"}");
        assertEquals(201, created.statusCode());
        JsonNode status = json(created);
        assertEquals("pending", status.path("state").asText());
        assertEquals("ci", status.path("context").asText());
        assertEquals(GheSimulator.DEFAULT_LOGIN, status.path("creator").path("login").asText());
        assertTrue(status.path("id").asLong() > 0);
        assertTrue(status.has("created_at") && status.has("updated_at") && status.has("url"));
        assertEquals(201, postStatus("octo/app", SHA, "{\"state\":\"success\",\"context\":\"ci\"}").statusCode());

        JsonNode list = json(get("/repos/octo/app/commits/" + SHA + "/statuses", auth()));
        assertEquals(2, list.size());
        assertEquals("success", list.get(0).path("state").asText(), "newest first");
        assertEquals(2, ghe.statuses("octo", "app", SHA).size());
        assertEquals("running", ghe.statuses("octo", "app", SHA).get(0).description());
    }

    @Test
    void tellsAListenerOfEachStoredStatusBeforeAnswering() throws Exception {
        ghe.repository("octo", "app");
        List<GheSimulator.StoredStatus> heard = new CopyOnWriteArrayList<>();
        List<Integer> storedWhenHeard = new CopyOnWriteArrayList<>();
        ghe.onStatus(status -> {
            heard.add(status);
            storedWhenHeard.add(ghe.statuses().size());
        });
        assertEquals(201, postStatus("octo/app", SHA, "{\"state\":\"success\",\"context\":\"ci\"}").statusCode());
        assertEquals(422, postStatus("octo/app", SHA, "{\"state\":\"green\"}").statusCode());
        assertEquals(1, heard.size(), "a refused status is not stored, so not heard of; the accepted one is, "
                + "before its answer");
        assertEquals("ci", heard.get(0).context());
        assertEquals(List.of(1), storedWhenHeard, "heard once it is stored");

        ghe.onStatus(null);
        assertEquals(201, postStatus("octo/app", SHA, "{\"state\":\"success\",\"context\":\"ci\"}").statusCode());
        assertEquals(1, heard.size(), "no listener any more");
    }

    @Test
    void validatesStatusesLikeGitHub() throws Exception {
        ghe.repository("octo", "app");
        HttpResponse<String> badState = postStatus("octo/app", SHA, "{\"state\":\"passed\",\"context\":\"ci\"}");
        assertEquals(422, badState.statusCode());
        JsonNode body = json(badState);
        assertEquals("Validation Failed", body.path("message").asText());
        assertEquals("Status", body.path("errors").get(0).path("resource").asText());
        assertEquals("custom", body.path("errors").get(0).path("code").asText());
        assertEquals("state", body.path("errors").get(0).path("field").asText());

        HttpResponse<String> longDescription = postStatus("octo/app", SHA,
                "{\"state\":\"success\",\"description\":\"" + "x".repeat(141) + "\"}");
        assertEquals(422, longDescription.statusCode());
        assertEquals("description", json(longDescription).path("errors").get(0).path("field").asText());
        assertEquals(201, postStatus("octo/app", SHA,
                "{\"state\":\"success\",\"description\":\"" + "x".repeat(140) + "\"}").statusCode());

        assertEquals(400, postStatus("octo/app", SHA, "not json").statusCode());
        assertEquals(1, ghe.statuses().size());
    }

    @Test
    void refusesUnknownCommitsOnceCommitsAreRegistered() throws Exception {
        ghe.repository("octo", "app").commits(SHA);
        String other = "f".repeat(40);
        HttpResponse<String> refused = postStatus("octo/app", other, "{\"state\":\"success\"}");
        assertEquals(422, refused.statusCode());
        assertEquals("No commit found for SHA: " + other, json(refused).path("message").asText());
        assertEquals(422, get("/repos/octo/app/commits/" + other + "/status", auth()).statusCode());
        assertEquals(201, postStatus("octo/app", SHA, "{\"state\":\"success\"}").statusCode());
        assertEquals(404, postStatus("octo/nope", SHA, "{\"state\":\"success\"}").statusCode());
    }

    @Test
    void limitsStatusesPerShaAndContextTo1000() throws Exception {
        ghe.repository("octo", "app");
        List<CompletableFuture<HttpResponse<String>>> posts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            posts.add(http.sendAsync(statusRequest("octo/app", SHA, "{\"state\":\"pending\",\"context\":\"ci\"}"),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> post : posts) {
            assertEquals(201, post.get().statusCode());
        }
        HttpResponse<String> over = postStatus("octo/app", SHA, "{\"state\":\"success\",\"context\":\"ci\"}");
        assertEquals(422, over.statusCode());
        assertEquals("This SHA and context has reached the maximum number of statuses.",
                json(over).path("errors").get(0).path("message").asText());
        assertEquals(201, postStatus("octo/app", SHA, "{\"state\":\"success\",\"context\":\"other\"}").statusCode());
        assertEquals(1001, ghe.statuses().size());
        assertEquals(100, json(get("/repos/octo/app/commits/" + SHA + "/statuses?per_page=100&page=2", auth())).size());
    }

    @Test
    void combinesTheLatestStatusPerContext() throws Exception {
        ghe.repository("octo", "app");
        assertEquals("pending", json(get("/repos/octo/app/commits/" + SHA + "/status", auth())).path("state")
                .asText(), "no statuses: pending");
        postStatus("octo/app", SHA, "{\"state\":\"failure\",\"context\":\"a\"}");
        postStatus("octo/app", SHA, "{\"state\":\"success\",\"context\":\"a\"}");
        postStatus("octo/app", SHA, "{\"state\":\"success\",\"context\":\"b\"}");
        JsonNode combined = json(get("/repos/octo/app/commits/" + SHA + "/status", auth()));
        assertEquals("success", combined.path("state").asText(), "the failure was superseded");
        assertEquals(2, combined.path("total_count").asInt());
        postStatus("octo/app", SHA, "{\"state\":\"pending\",\"context\":\"b\"}");
        assertEquals("pending", json(get("/repos/octo/app/commits/" + SHA + "/status", auth())).path("state").asText());
        postStatus("octo/app", SHA, "{\"state\":\"error\",\"context\":\"c\"}");
        assertEquals("failure", json(get("/repos/octo/app/commits/" + SHA + "/status", auth())).path("state").asText());
    }

    @Test
    void exhaustedRateLimitAnswers403WithRemainingZero() throws Exception {
        ghe.rateLimit(2, Duration.ofMinutes(10));
        assertEquals(200, get("/user", auth()).statusCode());
        assertEquals(200, get("/user", auth()).statusCode());
        HttpResponse<String> limited = get("/user", auth());
        assertEquals(403, limited.statusCode());
        assertEquals("0", limited.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        assertTrue(json(limited).path("message").asText().startsWith("API rate limit exceeded"));
        JsonNode rate = json(get("/rate_limit", auth()));
        assertEquals(0, rate.path("resources").path("core").path("remaining").asInt());

        ghe.rateLimit(0, Duration.ZERO);
        HttpResponse<String> unlimited = get("/user", auth());
        assertEquals(200, unlimited.statusCode());
        assertFalse(unlimited.headers().firstValue("X-RateLimit-Limit").isPresent());
        assertEquals(404, get("/rate_limit", auth()).statusCode(), "GHE without rate limiting");
    }

    @Test
    void injectsFaults() throws Exception {
        ghe.secondaryRateLimitNext(1, 403, 7).failNext(1, 502);
        HttpResponse<String> secondary = get("/user", auth());
        assertEquals(403, secondary.statusCode());
        assertEquals("7", secondary.headers().firstValue("Retry-After").orElseThrow());
        assertTrue(json(secondary).path("message").asText().contains("secondary rate limit"));
        assertEquals(502, get("/user", auth()).statusCode());
        assertEquals(200, get("/user", auth()).statusCode());

        ghe.repository("octo", "app");
        ghe.dropNext(1);
        // a POST, because the JDK client silently retries a GET whose connection closed
        assertThrows(IOException.class, () -> postStatus("octo/app", SHA, "{\"state\":\"success\"}"));
        assertTrue(ghe.statuses().isEmpty());
        ghe.hangNext(1, Duration.ofSeconds(5));
        assertThrows(HttpTimeoutException.class, () -> send(HttpRequest.newBuilder(URI.create(ghe.apiUrl() + "/user"))
                .timeout(Duration.ofMillis(300)).header("Authorization", auth()).build()));

        ghe.repository("octo", "slow").failNext(1, 503);
        assertEquals(200, get("/repos/octo/app", auth()).statusCode(), "per-repository faults stay there");
        assertEquals(503, get("/repos/octo/slow", auth()).statusCode());
        ghe.repository("octo", "locked").forbidStatuses("Resource not accessible by personal access token");
        assertEquals(403, postStatus("octo/locked", SHA, "{\"state\":\"success\"}").statusCode());
    }

    @Test
    void latencyDoesNotSerializeRequests() throws Exception {
        ghe.latency(Duration.ofMillis(200));
        long start = System.nanoTime();
        sendConcurrently(100);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(10)) < 0, "100 x 200 ms, 20 s in a row, took " + took);
    }

    @Test
    void handlesMoreThan200RequestsAtOnce() throws Exception {
        ghe.rendezvous(220, Duration.ofSeconds(30));
        long start = System.nanoTime();
        sendConcurrently(220);
        assertEquals(220, ghe.maxConcurrentRequests());
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertTrue(took.compareTo(Duration.ofSeconds(30)) < 0, "the rendezvous timed out: " + took);
    }

    private void sendConcurrently(int count) throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(URI.create(ghe.apiUrl() + "/user"))
                    .header("Authorization", auth()).build(), HttpResponse.BodyHandlers.ofString()));
        }
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertEquals(200, call.get().statusCode());
        }
    }

    private static String auth() {
        return "token " + GheSimulator.DEFAULT_TOKEN;
    }

    private HttpResponse<String> get(String path, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ghe.apiUrl() + path)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return send(request.build());
    }

    private HttpRequest statusRequest(String fullName, String sha, String body) {
        return HttpRequest.newBuilder(URI.create(ghe.apiUrl() + "/repos/" + fullName + "/statuses/" + sha))
                .header("Authorization", auth()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private HttpResponse<String> postStatus(String fullName, String sha, String body) throws Exception {
        return send(statusRequest(fullName, sha, body));
    }

    private HttpResponse<String> send(HttpRequest request) throws Exception {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
