package io.jenkins.plugins.statusqueue.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The simulator refuses what GitHub refuses, so tests that pass against it mean something. */
class GheSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SHA = BuildkiteEvents.sha(1);

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private GheSimulator ghe;

    @BeforeEach
    void start() throws Exception {
        ghe = GheSimulator.start();
        ghe.addRepository("acme", "web").addCommit("acme", "web", SHA);
    }

    @AfterEach
    void stop() {
        ghe.close();
    }

    private HttpResponse<String> post(String token, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ghe.apiUrl() + path))
                .header("Authorization", "token " + token).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(ghe.apiUrl() + path))
                .header("Authorization", "Bearer " + GheSimulator.TOKEN).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String status(String state, String description, String context) {
        return JSON.createObjectNode().put("state", state).put("description", description).put("context", context)
                .toString();
    }

    @Test
    void checksTheToken() throws Exception {
        HttpResponse<String> response = post("wrong", "/repos/acme/web/statuses/" + SHA, status("success", "", "c"));
        assertEquals(401, response.statusCode());
        assertEquals("Bad credentials", JSON.readTree(response.body()).path("message").asText());
    }

    @Test
    void validatesLikeGitHub() throws Exception {
        String path = "/repos/acme/web/statuses/" + SHA;
        assertEquals(422, post(GheSimulator.TOKEN, path, status("passed", "x", "c")).statusCode());
        HttpResponse<String> tooLong = post(GheSimulator.TOKEN, path, status("success", "x".repeat(141), "c"));
        assertEquals(422, tooLong.statusCode());
        assertEquals("description", JSON.readTree(tooLong.body()).path("errors").get(0).path("field").asText());
        assertEquals(422, post(GheSimulator.TOKEN, "/repos/acme/web/statuses/" + BuildkiteEvents.sha(2),
                status("success", "x", "c")).statusCode());
        assertEquals(404, post(GheSimulator.TOKEN, "/repos/acme/nope/statuses/" + SHA,
                status("success", "x", "c")).statusCode());
        assertEquals(201, post(GheSimulator.TOKEN, path, status("success", "x".repeat(140), "c")).statusCode());
    }

    @Test
    void allowsAThousandStatusesPerCommitAndContext() throws Exception {
        String path = "/repos/acme/web/statuses/" + SHA;
        for (int i = 0; i < 1000; i++) {
            assertEquals(201, post(GheSimulator.TOKEN, path, status("pending", "n" + i, "ci")).statusCode());
        }
        assertEquals(422, post(GheSimulator.TOKEN, path, status("success", "one more", "ci")).statusCode());
        assertEquals(201, post(GheSimulator.TOKEN, path, status("success", "other context", "lint")).statusCode());
    }

    @Test
    void readsBackTheCombinedStatusAsGitHubComputesIt() throws Exception {
        String path = "/repos/acme/web/statuses/" + SHA;
        post(GheSimulator.TOKEN, path, status("pending", "running", "ci"));
        post(GheSimulator.TOKEN, path, status("success", "passed", "ci"));
        post(GheSimulator.TOKEN, path, status("success", "clean", "lint"));
        JsonNode combined = JSON.readTree(get("/repos/acme/web/commits/" + SHA + "/status").body());
        assertEquals("success", combined.path("state").asText());
        assertEquals(2, combined.path("total_count").asInt());

        post(GheSimulator.TOKEN, path, status("failure", "broke", "lint"));
        assertEquals("failure", JSON.readTree(get("/repos/acme/web/commits/" + SHA + "/status").body())
                .path("state").asText());
        JsonNode all = JSON.readTree(get("/repos/acme/web/commits/" + SHA + "/statuses").body());
        assertEquals(4, all.size());
        assertEquals("broke", all.get(0).path("description").asText(), "newest first");
    }

    @Test
    void sendsRateLimitHeadersAndEnforcesTheLimit() throws Exception {
        ghe.setRateLimit(2, java.time.Instant.now().plusSeconds(600));
        HttpResponse<String> first = get("/user");
        assertEquals("1", first.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        get("/user");
        HttpResponse<String> limited = get("/user");
        assertEquals(403, limited.statusCode());
        assertEquals("0", limited.headers().firstValue("X-RateLimit-Remaining").orElseThrow());
        assertTrue(JSON.readTree(limited.body()).path("message").asText().startsWith("API rate limit exceeded"));
    }
}
