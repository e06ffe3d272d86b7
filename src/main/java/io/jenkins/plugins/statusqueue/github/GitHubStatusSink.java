package io.jenkins.plugins.statusqueue.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import io.jenkins.plugins.statusqueue.events.GitHubNames;
import org.kohsuke.github.GHCommitState;
import org.kohsuke.github.GHCommitStatus;
import org.kohsuke.github.GHRepository;
import org.kohsuke.github.GitHub;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.connector.GitHubConnectorResponse;

/**
 * Posts commit statuses to GitHub (Enterprise) through github-api, and classifies every failure.
 *
 * <ul>
 * <li>201: {@link PostResult.Kind#ACCEPTED}.</li>
 * <li>401: {@link PostResult.Kind#UNAUTHORIZED}, the token itself is refused.</li>
 * <li>403 or 429 that is a rate limit (primary: {@code X-RateLimit-Remaining: 0}; secondary: {@code Retry-After} or
 * "rate limit" in the message; any 429): {@link PostResult.Kind#RETRY} with the wait GitHub asked for.</li>
 * <li>Any other 403 ("Resource not accessible by personal access token", SAML enforcement, no push access): the token
 * works but may not write statuses to <em>this</em> repository, so it is {@link PostResult.Kind#FINAL} for this
 * message, like the 404 GitHub gives for a repository the token cannot see. UNAUTHORIZED would stop every post to
 * every other repository for one repository's permissions.</li>
 * <li>404 (unknown repository), 422 (unknown SHA, validation) and other 4xx: FINAL, with what GitHub said.</li>
 * <li>408, 5xx, timeouts and connection errors: RETRY.</li>
 * </ul>
 *
 * <p>github-api never sleeps here: its rate-limit and abuse-limit handlers fail at once, so the drain decides how long
 * to wait. Thread-safe; one instance serves many concurrent posts. The token never appears in a result or exception.
 */
public final class GitHubStatusSink implements StatusSink {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Repositories whose look-up is kept; a drain touches far fewer, this only bounds memory. */
    static final int REPOSITORY_CACHE_SIZE = 1000;
    /** GitHub's advice when a secondary rate limit gives no time: wait at least a minute. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(1);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STATUS_SCOPES = Set.of("repo", "repo:status");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** Fails instead of github-api's default of sleeping until the rate limit resets. */
    private static final GitHubRateLimitHandler FAIL_ON_RATE_LIMIT = new GitHubRateLimitHandler() {
        @Override
        public void onError(GitHubConnectorResponse response) throws IOException {
            throw new HttpException(response);
        }
    };

    /** Fails instead of github-api's default of sleeping for the secondary rate limit's Retry-After. */
    private static final GitHubAbuseLimitHandler FAIL_ON_ABUSE_LIMIT = new GitHubAbuseLimitHandler() {
        @Override
        public void onError(GitHubConnectorResponse response) throws IOException {
            throw new HttpException(response);
        }
    };

    private final String apiUrl;
    private final String token;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final RepositoryCache<GHRepository> repositories;

    /**
     * A sink with the default timeouts.
     *
     * @throws IOException when github-api cannot be set up for this URL
     */
    public GitHubStatusSink(String apiUrl, String token) throws IOException {
        this(apiUrl, token, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param apiUrl         {@code https://ghe.example.com/api/v3} or {@code https://api.github.com}
     * @param token          a personal access token (or app installation token) allowed to write commit statuses
     * @param connectTimeout how long a TCP/TLS connect may take
     * @param requestTimeout how long one request may wait for GitHub's answer
     * @throws IllegalArgumentException when the URL or token is blank
     * @throws IOException              when github-api cannot be set up for this URL (it sends no request here)
     */
    public GitHubStatusSink(String apiUrl, String token, Duration connectTimeout, Duration requestTimeout)
            throws IOException {
        if (apiUrl == null || apiUrl.isBlank()) {
            throw new IllegalArgumentException("the GitHub API URL is required");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the GitHub token is required");
        }
        this.apiUrl = GitHubApiUrls.normalize(apiUrl);
        this.token = token.trim();
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = JdkHttpConnector.newClient(Objects.requireNonNull(connectTimeout, "connectTimeout"));
        GitHub github;
        try {
            github = new GitHubBuilder()
                    .withEndpoint(this.apiUrl)
                    // Not withOAuthToken: for a token without a login, github-api would GET /user in build() to
                    // learn the login, a blocking request (with its own retries) in a constructor that needs none.
                    .withAuthorizationProvider(() -> "token " + this.token)
                    .withConnector(new JdkHttpConnector(http, requestTimeout, this.apiUrl))
                    .withRateLimitHandler(FAIL_ON_RATE_LIMIT)
                    .withAbuseLimitHandler(FAIL_ON_ABUSE_LIMIT)
                    .build();
        } catch (IOException | RuntimeException e) {
            // build() sends no request with this provider; it fails only on configuration it cannot use.
            throw new IOException(scrub("cannot use GitHub API URL " + this.apiUrl + ": " + e.getMessage()));
        }
        this.repositories = new RepositoryCache<>(REPOSITORY_CACHE_SIZE, github::getRepository);
    }

    @Override
    public PostResult post(CommitStatus status) {
        String problem = GitHubNames.problem(status.repository().owner(), status.repository().name());
        if (problem != null) {
            return PostResult.rejected("not posted: " + problem);
        }
        String fullName = status.repository().fullName();
        String where = fullName + "@" + abbreviate(status.sha());
        try {
            GHRepository repository = repositories.get(fullName);
            GHCommitStatus created = repository.createCommitStatus(status.sha(), toGitHub(status.state()),
                    status.targetUrl(), status.description(), status.context());
            return PostResult.accepted(scrub("201 Created: " + status.state().wireName() + " status "
                    + created.getId() + " on " + where + " (" + status.context() + ")"));
        } catch (IOException e) {
            PostResult result = classify(e, fullName, where);
            if (result.kind() == PostResult.Kind.FINAL && isNotFound(e)) {
                repositories.invalidate(fullName);
            }
            return result;
        }
    }

    private static GHCommitState toGitHub(GitHubState state) {
        return switch (state) {
            case PENDING -> GHCommitState.PENDING;
            case SUCCESS -> GHCommitState.SUCCESS;
            case FAILURE -> GHCommitState.FAILURE;
            case ERROR -> GHCommitState.ERROR;
        };
    }

    private PostResult classify(IOException e, String fullName, String where) {
        if (isNotFound(e)) {
            return PostResult.rejected(scrub("404 Not Found: repository " + fullName + " does not exist on "
                    + apiUrl + " or the token cannot see it"));
        }
        if (!(e instanceof HttpException http) || http.getResponseCode() < 0) {
            return PostResult.retry(scrub("no answer from " + apiUrl + " for " + where + ": " + transportProblem(e)),
                    null);
        }
        int code = http.getResponseCode();
        Map<String, List<String>> headers = http.getResponseHeaderFields();
        String said = code + " " + gitHubMessage(http.getMessage());
        if (code == 401) {
            return PostResult.unauthorized(scrub(said));
        }
        if (code == 403 || code == 429) {
            Duration wait = rateLimitWait(code, headers, said);
            if (wait != null) {
                return PostResult.retry(scrub(said + " (rate limited, waiting " + wait.toSeconds() + " s)"), wait);
            }
            return PostResult.rejected(scrub(said + ": the token may not write commit statuses to " + fullName));
        }
        if (code == 408 || code >= 500) {
            return PostResult.retry(scrub(said + " for " + where), retryAfter(headers));
        }
        return PostResult.rejected(scrub(said + " for " + where));
    }

    private static boolean isNotFound(IOException e) {
        return e instanceof FileNotFoundException || e instanceof HttpException http && http.getResponseCode() == 404;
    }

    /** How long a rate-limited answer asks us to wait, or null when the 403 is not a rate limit. */
    static Duration rateLimitWait(int code, Map<String, List<String>> headers, String message) {
        Duration retryAfter = retryAfter(headers);
        if (retryAfter != null) {
            return retryAfter;
        }
        if ("0".equals(header(headers, "X-RateLimit-Remaining"))) {
            String reset = header(headers, "X-RateLimit-Reset");
            if (reset != null) {
                try {
                    Duration untilReset = Duration.between(Instant.now(), Instant.ofEpochSecond(Long.parseLong(reset)));
                    return untilReset.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                            : untilReset.withNanos(0).plusSeconds(1);
                } catch (NumberFormatException ignored) {
                    // a reset we cannot read: fall through to GitHub's advice of one minute
                }
            }
            return DEFAULT_RATE_LIMIT_WAIT;
        }
        if (code == 429 || message.toLowerCase(Locale.ROOT).contains("rate limit")) {
            return DEFAULT_RATE_LIMIT_WAIT;
        }
        return null;
    }

    private static Duration retryAfter(Map<String, List<String>> headers) {
        String value = header(headers, "Retry-After");
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(value.trim())));
        } catch (NumberFormatException e) {
            return DEFAULT_RATE_LIMIT_WAIT;
        }
    }

    private static String header(Map<String, List<String>> headers, String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, List<String>> header : headers.entrySet()) {
            if (name.equalsIgnoreCase(header.getKey()) && header.getValue() != null && !header.getValue().isEmpty()) {
                return header.getValue().get(0);
            }
        }
        return null;
    }

    /** GitHub's {@code message} and each {@code errors[].message}, or the raw body when it is not GitHub's JSON. */
    static String gitHubMessage(String body) {
        if (body == null || body.isBlank()) {
            return "(no message)";
        }
        try {
            JsonNode json = JSON.readTree(body);
            String message = json.path("message").asText("");
            StringBuilder text = new StringBuilder(message.isEmpty() ? "(no message)" : message);
            for (JsonNode error : json.path("errors")) {
                String detail = error.isTextual() ? error.asText() : error.path("message").asText(
                        error.path("field").asText("") + " " + error.path("code").asText(""));
                text.append(text.indexOf(":") < 0 ? ": " : "; ").append(detail.trim());
            }
            return text.toString();
        } catch (IOException e) {
            String flat = body.strip().replaceAll("\\s+", " ");
            return flat.length() > 200 ? flat.substring(0, 200) + "\u2026" : flat;
        }
    }

    private String transportProblem(IOException e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause instanceof HttpException) {
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException) {
            return "timed out (" + cause.getMessage() + ", limit " + requestTimeout.toSeconds() + " s)";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /**
     * One {@code GET /user}: who the token belongs to, its scopes and the rate limit left.
     *
     * @throws IOException when GitHub cannot be reached, refuses the token, or the token's scopes do not allow
     *                     commit statuses
     */
    @Override
    public String probe() throws IOException {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(URI.create(apiUrl + "/user"))
                    .timeout(requestTimeout)
                    .header("Accept", "application/vnd.github+json")
                    .header("X-GitHub-Api-Version", "2022-11-28")
                    .header("Authorization", "token " + token)
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while contacting " + apiUrl);
        } catch (IOException e) {
            throw new IOException(scrub("cannot reach " + apiUrl + ": " + transportProblem(e)));
        } catch (IllegalArgumentException e) {
            throw new IOException(scrub("not a usable URL: " + apiUrl));
        }
        Map<String, List<String>> headers = response.headers().map();
        int code = response.statusCode();
        if (code != 200) {
            String said = code + " " + gitHubMessage(response.body());
            if (code == 401) {
                throw new IOException(scrub(apiUrl + " refused the token (" + said + ")"));
            }
            Duration wait = code == 403 || code == 429 ? rateLimitWait(code, headers, said) : null;
            if (wait != null) {
                throw new IOException(scrub(apiUrl + " rate-limits this token for " + wait.toSeconds() + " s ("
                        + said + ")"));
            }
            if (code == 404) {
                throw new IOException(scrub("no GitHub API at " + apiUrl + " (GET /user answered " + said + "); "
                        + "the API URL of GitHub Enterprise Server ends with /api/v3"));
            }
            throw new IOException(scrub("GET " + apiUrl + "/user answered " + said));
        }
        String login;
        try {
            login = JSON.readTree(response.body()).path("login").asText("");
        } catch (IOException e) {
            login = "";
        }
        if (login.isEmpty()) {
            throw new IOException(scrub(apiUrl + " does not look like a GitHub API: GET /user gave no login"));
        }
        return scrub("Authenticated as " + login + "; " + describeScopes(login, header(headers, "X-OAuth-Scopes"))
                + "; " + describeRateLimit(headers));
    }

    private static String describeScopes(String login, String scopesHeader) throws IOException {
        if (scopesHeader == null) {
            return "scopes: none reported (a fine-grained token or GitHub App token needs the \"Commit statuses\" "
                    + "write permission)";
        }
        List<String> scopes = Arrays.stream(scopesHeader.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .toList();
        List<String> granting = scopes.stream().filter(STATUS_SCOPES::contains).toList();
        if (granting.isEmpty()) {
            throw new IOException("the token of " + login + " has scopes [" + String.join(", ", scopes)
                    + "] but neither repo nor repo:status, so GitHub refuses its commit statuses");
        }
        return "scopes: " + String.join(", ", scopes) + " (" + String.join(" and ", granting)
                + " allows commit statuses)";
    }

    private static String describeRateLimit(Map<String, List<String>> headers) {
        String remaining = header(headers, "X-RateLimit-Remaining");
        String limit = header(headers, "X-RateLimit-Limit");
        if (remaining == null || limit == null) {
            return "rate limit: not enforced by this server";
        }
        String text = "rate limit: " + remaining + " of " + limit + " requests left";
        String reset = header(headers, "X-RateLimit-Reset");
        try {
            return reset == null ? text
                    : text + ", resets at " + CLOCK.format(Instant.ofEpochSecond(Long.parseLong(reset)));
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static String abbreviate(String sha) {
        return sha.length() > 12 ? sha.substring(0, 12) : sha;
    }

    /** Removes the token from any text, in case a server or proxy echoed it back. */
    private String scrub(String text) {
        return text == null ? null : text.replace(token, "****");
    }

    @Override
    public String toString() {
        return "GitHubStatusSink[" + apiUrl + "]";
    }
}
