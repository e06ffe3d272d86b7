package io.jenkins.plugins.statusqueue.github;

import io.jenkins.plugins.statusqueue.http.Http1Client;
import io.jenkins.plugins.statusqueue.http.HttpAnswer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's connector for "Test connection": {@code GET {apiUrl}/user} over the sink's own HTTP client, so the
 * test goes through the same TLS trust, proxy and deadline as the posts. Any other request is refused before it is
 * sent, whatever github-api was asked or told (a redirect, a URL in an answer): the token goes nowhere else.
 */
final class UserProbeConnector implements GitHubConnector {

    private final Http1Client http;
    private final Duration deadline;
    private final String userUrl;
    private final String userAgent;

    UserProbeConnector(Http1Client http, Duration deadline, String apiUrl, String userAgent) {
        this.http = http;
        this.deadline = deadline;
        this.userUrl = apiUrl + "/user";
        this.userAgent = userAgent;
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        String url = request.url().toString();
        if (!url.equals(userUrl) || !request.method().equals("GET")) {
            throw new IOException("refused to send the token to " + request.method() + " " + url
                    + ": a connection test only reads " + userUrl);
        }
        Map<String, String> headers = new LinkedHashMap<>();
        request.allHeaders().forEach((name, values) -> {
            if (values != null) {
                headers.put(name, String.join(", ", values));
            }
        });
        headers.putIfAbsent("User-Agent", userAgent);
        HttpAnswer answer;
        try {
            answer = http.send("GET", request.url().toURI(), headers, null, deadline);
        } catch (URISyntaxException e) {
            throw new IOException("not a usable URL: " + url, e);
        }
        return new Response(request, answer);
    }

    private static final class Response extends GitHubConnectorResponse.ByteArrayResponse {
        private final byte[] body;

        Response(GitHubConnectorRequest request, HttpAnswer answer) {
            super(request, answer.status(), answer.headers());
            this.body = answer.body();
        }

        @Override
        protected InputStream rawBodyStream() {
            return new ByteArrayInputStream(body);
        }
    }
}
