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
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import io.jenkins.plugins.statusqueue.events.GitHubNames;
import io.jenkins.plugins.statusqueue.events.Texts;
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

    /** What the path below a repository may hold: github-api's {@code statuses/{sha}}, never an escape or "..". */
    private static final Pattern PLAIN_SEGMENT = Pattern.compile("[A-Za-z0-9._-]*");

    private final HttpClient client;
    private final Duration requestTimeout;
    /** {@code {apiUrl}/repos/}: the only place the token goes through this connector. */
    private final String repositoriesUrl;

    /**
     * @param apiUrl the API URL, without a trailing slash; requests elsewhere than below its {@code /repos/{owner}/
     *               {repo}} are refused before they are sent
     */
    JdkHttpConnector(HttpClient client, Duration requestTimeout, String apiUrl) {
        this.client = client;
        this.requestTimeout = requestTimeout;
        this.repositoriesUrl = apiUrl + "/repos/";
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
        checkDestination(request.url().toString());
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

    /**
     * Refuses to send the token anywhere but {@code /repos/{owner}/{repo}[/...]} of the configured API, with names
     * GitHub allows, whatever github-api was asked or told (a redirect, a URL in an answer).
     */
    void checkDestination(String url) throws IOException {
        String rest = url.startsWith(repositoriesUrl) ? url.substring(repositoriesUrl.length()) : "";
        String[] segments = rest.split("[?#]", 2)[0].split("/", -1);
        boolean plainPath = Arrays.stream(segments).skip(2)
                .allMatch(segment -> PLAIN_SEGMENT.matcher(segment).matches() && !segment.matches("\\.{1,2}"));
        if (segments.length < 2 || GitHubNames.problem(segments[0], segments[1]) != null || !plainPath) {
            throw new IOException("refused to send the token to " + Texts.abbreviate(url, 200) + ": statuses are "
                    + "only posted below " + repositoriesUrl + "{owner}/{repo}/");
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
