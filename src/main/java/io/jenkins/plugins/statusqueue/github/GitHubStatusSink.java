package io.jenkins.plugins.statusqueue.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.statusqueue.config.Urls;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.kohsuke.github.GHCommitState;
import org.kohsuke.github.GHIOException;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.connector.GitHubConnectorResponse;
import org.kohsuke.github.extras.HttpClientGitHubConnector;

/**
 * Posts commit statuses to GitHub Enterprise through github-api and classifies every failure: accepted, worth a
 * retry (with GitHub's requested wait), token refused, or final. Thread-safe; one instance serves many concurrent
 * posts over one HTTP/1.1 connection pool.
 */
public final class GitHubStatusSink implements StatusSink {

    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
    private static final int REPOSITORY_CACHE_SIZE = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String apiUrl;
    private final String token;
    private final HttpClient http;
    private final GitHub github;
    private final Map<String, GHRepository> repositories = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, GHRepository> eldest) {
            return size() > REPOSITORY_CACHE_SIZE;
        }
    };

    /**
     * @param apiUrl the API URL, e.g. {@code https://ghe.example.com/api/v3}
     * @param token  a token allowed to write commit statuses ({@code repo:status} scope)
     */
    public GitHubStatusSink(String apiUrl, String token) throws IOException {
        this.apiUrl = Urls.normalize(apiUrl);
        this.token = token;
        // HTTP/1.1: GitHub Enterprise behind corporate proxies often mishandles h2c upgrades.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        // The library must never sleep in a drain thread until a rate limit resets: fail, and let the drain back off.
        this.github = new GitHubBuilder().withEndpoint(this.apiUrl).withOAuthToken(token)
                .withConnector(new HttpClientGitHubConnector(http))
                .withRateLimitHandler(new GitHubRateLimitHandler() {
                    @Override
                    public void onError(GitHubConnectorResponse response) throws IOException {
                        throw RateLimitedException.of(response);
                    }
                })
                .withAbuseLimitHandler(new GitHubAbuseLimitHandler() {
                    @Override
                    public void onError(GitHubConnectorResponse response) throws IOException {
                        throw RateLimitedException.of(response);
                    }
                })
                .build();
    }

    @Override
    public PostResult post(CommitStatus status) {
        String fullName = status.repository().fullName();
        try {
            GHRepository repository = repository(fullName);
            repository.createCommitStatus(status.sha(), GHCommitState.valueOf(status.state().name()),
                    status.targetUrl(), status.description(), status.context());
            return PostResult.accepted("GitHub Enterprise stored the " + status.state().wireName() + " status");
        } catch (IOException e) {
            return classify(fullName, e);
        }
    }

    private GHRepository repository(String fullName) throws IOException {
        String key = fullName.toLowerCase(Locale.ROOT);
        synchronized (repositories) {
            GHRepository cached = repositories.get(key);
            if (cached != null) {
                return cached;
            }
        }
        GHRepository repository = github.getRepository(fullName);
        synchronized (repositories) {
            repositories.put(key, repository);
        }
        return repository;
    }

    /** Decides from GitHub's answer whether the status can ever be posted. Package-private for tests. */
    PostResult classify(String fullName, IOException failure) {
        RateLimitedException rateLimited = find(failure, RateLimitedException.class);
        if (rateLimited != null) {
            return PostResult.retry(rateLimited.getMessage(), rateLimited.retryAfter);
        }
        if (failure instanceof FileNotFoundException) {
            forget(fullName);
            return PostResult.rejected("404: repository " + fullName + " does not exist on GitHub Enterprise or "
                    + "the token cannot see it");
        }
        if (failure instanceof HttpException http) {
            int code = http.getResponseCode();
            String said = githubMessage(http);
            if (code == 401) {
                return PostResult.unauthorized("401: GitHub Enterprise refused the token (" + said + ")");
            }
            if (code == 403 || code == 429) {
                Duration wait = retryAfter(http.getResponseHeaderFields());
                if (wait != null) {
                    return PostResult.retry(code + ": rate limited (" + said + ")", wait);
                }
                // A 403 that is no rate limit: the token lacks access to this repository. No retry helps.
                return PostResult.rejected(code + ": the token may not write statuses to " + fullName + " ("
                        + said + ")");
            }
            if (code == 404) {
                forget(fullName);
                return PostResult.rejected("404: repository " + fullName + " not found (" + said + ")");
            }
            if (code == 422) {
                return PostResult.rejected("422: " + said);
            }
            if (code >= 500 || code == 408 || code == -1) {
                return PostResult.retry((code == -1 ? "no HTTP answer" : code + "") + ": " + said, null);
            }
            return PostResult.rejected(code + ": " + said);
        }
        String what = failure.getMessage() == null ? failure.getClass().getSimpleName()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        return PostResult.retry("GitHub Enterprise unreachable: " + what, null);
    }

    private void forget(String fullName) {
        synchronized (repositories) {
            repositories.remove(fullName.toLowerCase(Locale.ROOT));
        }
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return type.cast(cause);
            }
        }
        return null;
    }

    /** GitHub's {@code message} (and validation errors) from the body github-api put into the exception. */
    private static String githubMessage(HttpException failure) {
        String text = failure.getMessage();
        if (text != null) {
            int json = text.indexOf('{');
            if (json >= 0) {
                try {
                    JsonNode body = JSON.readTree(text.substring(json));
                    StringBuilder said = new StringBuilder(body.path("message").asText(""));
                    for (JsonNode error : body.path("errors")) {
                        said.append("; ").append(error.path("message").asText(error.path("code").asText("")));
                    }
                    if (said.length() > 0) {
                        return said.toString();
                    }
                } catch (IOException notJson) {
                    // fall through to the raw text
                }
            }
        }
        return failure.getResponseMessage() == null ? "no message" : failure.getResponseMessage();
    }

    /** {@code Retry-After} seconds, else the primary limit's reset when no request is left, else {@code null}. */
    static Duration retryAfter(Map<String, List<String>> headers) {
        Map<String, List<String>> byName = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        if (headers != null) {
            headers.forEach((name, values) -> {
                if (name != null) {
                    byName.put(name, values);
                }
            });
        }
        String retryAfter = first(byName, "Retry-After");
        if (retryAfter != null) {
            try {
                return Duration.ofSeconds(Math.max(1, Long.parseLong(retryAfter.trim())));
            } catch (NumberFormatException httpDate) {
                return Duration.ofMinutes(1);
            }
        }
        if ("0".equals(first(byName, "X-RateLimit-Remaining"))) {
            String reset = first(byName, "X-RateLimit-Reset");
            try {
                long seconds = Long.parseLong(reset.trim()) - Instant.now().getEpochSecond();
                return Duration.ofSeconds(Math.max(1, seconds));
            } catch (NumberFormatException | NullPointerException noReset) {
                return Duration.ofMinutes(1);
            }
        }
        return null;
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * One request to {@code GET /user}: who the token belongs to, its scopes and the rate limit left. github-api does
     * not expose the scopes header, so this reads it directly.
     */
    @Override
    public String probe() throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/user"))
                    .header("Authorization", "token " + token).header("Accept", "application/vnd.github+json")
                    .timeout(Duration.ofSeconds(20)).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (IOException e) {
            throw new IOException("Cannot reach " + apiUrl + ": " + e, e);
        }
        int code = response.statusCode();
        if (code == 401) {
            throw new IOException("GitHub Enterprise at " + apiUrl + " refused the token (401 Bad credentials)");
        }
        if (code != 200) {
            throw new IOException("GitHub Enterprise at " + apiUrl + " answered " + code + " to GET /user");
        }
        String login;
        try {
            login = JSON.readTree(response.body()).path("login").asText("");
        } catch (IOException e) {
            throw new IOException(apiUrl + " does not look like a GitHub API: GET /user is not JSON", e);
        }
        if (login.isEmpty()) {
            throw new IOException(apiUrl + " does not look like a GitHub API: GET /user names no login");
        }
        String scopes = response.headers().firstValue("X-OAuth-Scopes").orElse(null);
        String remaining = response.headers().firstValue("X-RateLimit-Remaining").orElse("?");
        String limit = response.headers().firstValue("X-RateLimit-Limit").orElse("?");
        StringBuilder line = new StringBuilder("Authenticated as ").append(login);
        if (scopes == null) {
            line.append("; fine-grained token or app (no scopes header)");
        } else {
            line.append("; scopes: ").append(scopes.isBlank() ? "(none)" : scopes);
            if (!hasStatusScope(scopes)) {
                line.append(" (missing repo:status: posting statuses will fail)");
            }
        }
        return line.append("; rate limit: ").append(remaining).append(" of ").append(limit).append(" left")
                .toString();
    }

    private static boolean hasStatusScope(String scopes) {
        for (String scope : scopes.split(",")) {
            String trimmed = scope.trim();
            if (trimmed.equals("repo") || trimmed.equals("repo:status")) {
                return true;
            }
        }
        return false;
    }

    /** A rate limit github-api reported to our handler instead of sleeping. */
    static final class RateLimitedException extends GHIOException {
        private static final long serialVersionUID = 1L;
        final transient Duration retryAfter;

        private RateLimitedException(String message, Duration retryAfter) {
            super(message);
            this.retryAfter = retryAfter;
        }

        static RateLimitedException of(GitHubConnectorResponse response) {
            Duration wait = retryAfter(response.allHeaders());
            Duration known = wait == null ? Duration.ofMinutes(1) : wait;
            return new RateLimitedException(response.statusCode() + ": GitHub Enterprise rate limit; retry in "
                    + known.toSeconds() + " s", known);
        }
    }
}
