package io.jenkins.plugins.statusqueue.github;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.kohsuke.github.connector.GitHubConnector;
import org.kohsuke.github.connector.GitHubConnectorRequest;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * github-api's connector over the JDK {@link HttpClient}, with a bound on every request.
 *
 * <p>Why not a stock connector: github-api's own {@code HttpClientGitHubConnector} sets no request timeout, so a GHE
 * that accepts the connection and never answers would hold a drain thread forever; the {@code HttpURLConnection}
 * connector keeps only 5 idle connections per host, so ~100 posts in flight would keep opening new TLS connections;
 * OkHttp is not among the libraries Jenkins gives this plugin. The JDK client is thread-safe, pools any number of
 * HTTP/1.1 connections, and enforces the timeout per request. HTTP/1.1 is pinned so each post in flight has its own
 * connection instead of competing for a server's HTTP/2 stream limit.
 */
final class JdkHttpConnector implements GitHubConnector {

    private final HttpClient client;
    private final Duration requestTimeout;

    JdkHttpConnector(HttpClient client, Duration requestTimeout) {
        this.client = client;
        this.requestTimeout = requestTimeout;
    }

    /** The client every request of one sink goes through: bounded connect, no redirects (github-api handles them). */
    static HttpClient newClient(Duration connectTimeout) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public GitHubConnectorResponse send(GitHubConnectorRequest request) throws IOException {
        HttpRequest.Builder builder;
        try {
            builder = HttpRequest.newBuilder(request.url().toURI()).timeout(requestTimeout);
        } catch (URISyntaxException e) {
            throw new IOException("invalid URL " + request.url(), e);
        }
        for (Map.Entry<String, List<String>> header : request.allHeaders().entrySet()) {
            if (header.getValue() != null) {
                builder.header(header.getKey(), String.join(", ", header.getValue()));
            }
        }
        builder.method(request.method(), request.hasBody()
                ? HttpRequest.BodyPublishers.ofByteArray(request.body().readAllBytes())
                : HttpRequest.BodyPublishers.noBody());
        try {
            HttpResponse<byte[]> response = client.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new Response(request, response);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw (InterruptedIOException) new InterruptedIOException("interrupted").initCause(e);
        }
    }

    private static final class Response extends GitHubConnectorResponse.ByteArrayResponse {
        private final byte[] body;

        Response(GitHubConnectorRequest request, HttpResponse<byte[]> response) {
            super(request, response.statusCode(), response.headers().map());
            this.body = response.body();
        }

        @Override
        protected InputStream rawBodyStream() {
            return body == null ? null : new ByteArrayInputStream(body);
        }
    }
}
