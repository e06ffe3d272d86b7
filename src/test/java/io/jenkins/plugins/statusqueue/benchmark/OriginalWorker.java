package io.jenkins.plugins.statusqueue.benchmark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.statusqueue.events.DecodeResult;
import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.github.CommitStatus;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

/**
 * The algorithm of the node worker this plugin replaces, for the benchmark's baseline: one message per
 * {@code GET /message}, then the status POST, then {@code DELETE /message}, strictly one after the other, then a
 * 5-second pause. The benchmark runs it without the pause (its best case) and reports the pause separately.
 */
final class OriginalWorker {

    static final Duration PAUSE = Duration.ofSeconds(5);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String apiUrl;
    private final String apiKey;
    private final String gheApiUrl;
    private final String token;
    private final EventDecoder decoder = new EventDecoder(null);
    private final StatusMapper mapper = new StatusMapper(StateMapping.DEFAULTS, null, null);

    OriginalWorker(String apiUrl, String apiKey, String gheApiUrl, String token) {
        this.apiUrl = apiUrl;
        this.apiKey = apiKey;
        this.gheApiUrl = gheApiUrl;
        this.token = token;
    }

    /** One iteration of the worker's loop; false when the queue was empty. */
    boolean pollOnce() throws IOException, InterruptedException {
        HttpResponse<String> received = http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/message"))
                .header("X-Api-Key", apiKey).GET().build(), HttpResponse.BodyHandlers.ofString());
        JsonNode messages = JSON.readTree(received.body())
                .path("ReceiveMessageResponse").path("ReceiveMessageResult").path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            return false;
        }
        JsonNode message = messages.get(0);
        DecodeResult decoded = decoder.decode(message.path("Body").asText());
        Optional<CommitStatus> status = decoded.event() == null ? Optional.empty() : mapper.map(decoded.event());
        if (status.isPresent()) {
            post(status.get());
        }
        String handle = URLEncoder.encode(message.path("ReceiptHandle").asText(), StandardCharsets.UTF_8);
        http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/message?receiptHandle=" + handle))
                .header("X-Api-Key", apiKey).DELETE().build(), HttpResponse.BodyHandlers.discarding());
        return true;
    }

    private void post(CommitStatus status) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.put("state", status.state().wireName());
        body.put("target_url", status.targetUrl());
        body.put("description", status.description());
        body.put("context", status.context());
        URI uri = URI.create(gheApiUrl + "/repos/" + status.repository().fullName() + "/statuses/" + status.sha());
        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "token " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                HttpResponse.BodyHandlers.discarding());
        if (response.statusCode() != 201) {
            throw new IOException("status POST answered " + response.statusCode());
        }
    }
}
