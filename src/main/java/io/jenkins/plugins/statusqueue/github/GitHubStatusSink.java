package io.jenkins.plugins.statusqueue.github;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import io.jenkins.plugins.statusqueue.events.GitHubNames;
import io.jenkins.plugins.statusqueue.http.HttpAnswer;
import io.jenkins.plugins.statusqueue.http.HttpClientFactory;
import io.jenkins.plugins.statusqueue.http.HttpTransport;
import okhttp3.Headers;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.kohsuke.github.GHFileNotFoundException;
import org.kohsuke.github.GHMyself;
import org.kohsuke.github.GitHubAbuseLimitHandler;
import org.kohsuke.github.GitHubBuilder;
import org.kohsuke.github.GitHubRateLimitHandler;
import org.kohsuke.github.HttpException;
import org.kohsuke.github.connector.GitHubConnectorResponse;
import org.kohsuke.github.extras.okhttp3.OkHttpGitHubConnector;

/**
 * Posts commit statuses to GitHub (Enterprise), {@code POST /repos/{owner}/{repo}/statuses/{sha}}, and classifies
 * every failure.
 *
 * <ul>
 * <li>2xx: {@link PostResult.Kind#ACCEPTED}.</li>
 * <li>401: {@link PostResult.Kind#REFUSED}, the token itself is refused (revoked, expired).</li>
 * <li>403 or 429 that is a rate limit (primary: {@code X-RateLimit-Remaining: 0}; secondary: {@code Retry-After} or
 * "rate limit" in the message; any 429): {@link PostResult.Kind#RETRY} with the wait GitHub asked for.</li>
 * <li>Any other 403 ("Resource not accessible by personal access token", SAML enforcement, no push access): the token
 * may not write statuses to this repository now, which an administrator can fix: {@link PostResult.Kind#REFUSED}
 * too. The drain counts refusals of one kind and stops a pass only when most of its posts are refused.</li>
 * <li>404 (unknown repository, or one the token cannot see) and 422 (unknown SHA, validation, a context with its 1,000
 * statuses): FINAL, with what GitHub said, but only in GitHub's own JSON error ({@link GitHubAnswers}); any other 404
 * or 422 (a load balancer's HTML page) is RETRY. A 404 is counted with the refusals: a token that lost access to most
 * repositories stops the pass. Nothing else is final.</li>
 * <li>408, 5xx, redirects, other answers, timeouts and connection errors: RETRY.</li>
 * </ul>
 *
 * <p>A post is one request on a kept-alive connection ({@link HttpTransport}, OkHttp), run by the posting thread:
 * no repository look-up first, no object mapping of the answer. The drain posts thousands of statuses a minute,
 * and that path is most of what the plugin costs its controller. A post is never sent twice by the client: when a
 * connection closes without an answer, GitHub may have stored it, and the message is retried later instead. The
 * token only ever goes to {@code {apiUrl}/repos/{owner}/{repo}/statuses/{sha}}, with names GitHub allows and a
 * hexadecimal SHA, and to {@code GET {apiUrl}/user} for "Test connection" (github-api over the same client, whose
 * interceptor refuses any other request). Thread-safe; one instance serves many concurrent posts. The token never
 * appears in a result or exception.
 */
public final class GitHubStatusSink implements StatusSink {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** GitHub's advice when a secondary rate limit gives no time: wait at least a minute. */
    static final Duration DEFAULT_RATE_LIMIT_WAIT = Duration.ofMinutes(1);
    /** A status answer is about 2 KB and an error less; anything near this is not GitHub. */
    private static final long MAX_ANSWER_BYTES = 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{7,64}");
    private static final Set<String> STATUS_SCOPES = Set.of("repo", "repo:status");
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);
    /** GitHub refuses requests without one. */
    private static final String USER_AGENT = "status-queue-jenkins-plugin";

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
    private final HttpTransport http;
    /** What a post sends besides its body: the token, GitHub's media type and API version, JSON. */
    private final Headers postHeaders;
    /** What a GET sends: the same, without a body's type. */
    private final Headers getHeaders;
    /** Set once the API URL answered as GitHub's API, with this token. */
    private volatile boolean apiVerified;

    /**
     * A sink with the default timeouts.
     *
     * @throws IllegalArgumentException when the URL or token is blank, or the URL is not http(s)
     */
    public GitHubStatusSink(HttpClientFactory http, String apiUrl, String token) {
        this(http, apiUrl, token, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param http           where the HTTP client comes from (in Jenkins: with Jenkins' proxy)
     * @param apiUrl         {@code https://ghe.example.com/api/v3} or {@code https://api.github.com}
     * @param token          a personal access token (or app installation token) allowed to write commit statuses
     * @param connectTimeout how long a TCP connect may take
     * @param requestTimeout how long one whole exchange with GitHub may take
     * @throws IllegalArgumentException when the URL or token is blank, the URL is not http(s), or the token holds a
     *                                  line break; no request is sent here
     */
    public GitHubStatusSink(HttpClientFactory http, String apiUrl, String token, Duration connectTimeout,
            Duration requestTimeout) {
        if (apiUrl == null || apiUrl.isBlank()) {
            throw new IllegalArgumentException("the GitHub API URL is required");
        }
        if (token == null || token.isBlank()) {
            throw new IllegalArgumentException("the GitHub token is required");
        }
        this.apiUrl = GitHubApiUrls.normalize(apiUrl);
        URI api = URI.create(this.apiUrl);
        if (api.getHost() == null || !Set.of("http", "https").contains(String.valueOf(api.getScheme()))) {
            throw new IllegalArgumentException("not an http(s) URL: " + this.apiUrl);
        }
        this.token = token.trim();
        if (this.token.indexOf('\r') >= 0 || this.token.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("the GitHub token holds a line break");
        }
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = new HttpTransport(http, Objects.requireNonNull(connectTimeout, "connectTimeout"), MAX_ANSWER_BYTES);
        Map<String, String> sent = new LinkedHashMap<>();
        sent.put("Authorization", "token " + this.token);
        sent.put("Accept", "application/vnd.github+json");
        sent.put("X-GitHub-Api-Version", "2022-11-28");
        sent.put("User-Agent", USER_AGENT);
        this.getHeaders = Headers.of(sent);
        sent.put("Content-Type", "application/json");
        this.postHeaders = Headers.of(sent);
    }

    @Override
    public PostResult post(CommitStatus status) {
        String owner = status.repository().owner();
        String name = status.repository().name();
        String problem = GitHubNames.problem(owner, name);
        if (problem != null) {
            return PostResult.rejected("not posted: " + problem);
        }
        if (!SHA.matcher(status.sha()).matches()) {
            return PostResult.rejected("not posted: " + abbreviate(status.sha()) + " is not a commit SHA");
        }
        String fullName = status.repository().fullName();
        String where = fullName + "@" + abbreviate(status.sha());
        URI uri = URI.create(apiUrl + "/repos/" + fullName + "/statuses/" + status.sha());
        byte[] body = body(status);
        HttpAnswer answer;
        try {
            answer = http.send("POST", uri, postHeaders, body, requestTimeout, false);
            if (answer.reusedConnection() && (answer.status() == 404 || answer.status() == 422)) {
                // Final, so the message goes: heard again on a connection of its own, in case the kept-alive one
                // held a stray answer (nothing was stored if it is true, so asking again stores nothing twice).
                answer = http.sendOnNewConnection("POST", uri, postHeaders, body, requestTimeout);
            }
        } catch (IOException e) {
            return PostResult.retry(scrub("no answer from " + apiUrl + " for " + where + ": " + transportProblem(e)),
                    null);
        }
        int code = answer.status();
        if (code >= 200 && code < 300) {
            StoredStatus stored = StoredStatus.read(answer.body());
            if (!status.context().equals(stored.context()) || !status.state().wireName().equals(stored.state())) {
                return PostResult.retry(scrub(code + " for " + where + " describes another status (" + stored
                        + "), not the one posted (" + status.state().wireName() + ", " + status.context() + ")"),
                        null);
            }
            return PostResult.accepted(scrub(code + (code == 201 ? " Created: " : ": ") + status.state().wireName()
                    + " status " + (stored.id() < 0 ? "" : stored.id() + " ") + "on " + where + " ("
                    + status.context() + ")"));
        }
        return classify(answer, fullName, where);
    }

    /** {@code {"state":..., "target_url":..., "description":..., "context":...}}, without the absent ones. */
    static byte[] body(CommitStatus status) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = JSON.getFactory().createGenerator(bytes)) {
            json.writeStartObject();
            json.writeStringField("state", status.state().wireName());
            if (status.targetUrl() != null) {
                json.writeStringField("target_url", status.targetUrl());
            }
            if (status.description() != null) {
                json.writeStringField("description", status.description());
            }
            json.writeStringField("context", status.context());
            json.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot write JSON to memory", e);
        }
        return bytes.toByteArray();
    }

    /**
     * What GitHub's answer to a post says it stored: the status's {@code id}, {@code state} and {@code context}, read
     * without mapping the whole answer. Checking them against the post tells GitHub's answer from a stray one.
     *
     * @param id -1 when the answer has none
     */
    record StoredStatus(long id, String state, String context) {

        static StoredStatus read(byte[] answer) {
            long id = -1;
            String state = null;
            String context = null;
            try (JsonParser json = JSON.getFactory().createParser(answer)) {
                if (json.nextToken() == JsonToken.START_OBJECT) {
                    while (json.nextToken() == JsonToken.FIELD_NAME) {
                        String field = json.currentName();
                        JsonToken value = json.nextToken();
                        if (field.equals("id") && value == JsonToken.VALUE_NUMBER_INT) {
                            id = json.getLongValue();
                        } else if (field.equals("state") && value == JsonToken.VALUE_STRING) {
                            state = json.getText();
                        } else if (field.equals("context") && value == JsonToken.VALUE_STRING) {
                            context = json.getText();
                        } else {
                            json.skipChildren();
                        }
                    }
                }
            } catch (IOException e) {
                // not JSON: no status described
            }
            return new StoredStatus(id, state, context);
        }

        @Override
        public String toString() {
            return state == null && context == null ? "no status" : state + ", " + context;
        }
    }

    private PostResult classify(HttpAnswer answer, String fullName, String where) {
        int code = answer.status();
        Map<String, List<String>> headers = answer.headerMap();
        if (code == 404 || code == 422) {
            PostResult result = GitHubAnswers.notPosted(code, answer.header("Content-Type"), answer.text(), fullName,
                    where, apiUrl);
            return new PostResult(result.kind(), scrub(result.detail()), null, scrub(result.refusal()));
        }
        String said = code + " " + GitHubAnswers.message(answer.text());
        if (code == 401) {
            return PostResult.refused(scrub(said + ": the token was refused"), scrub(said));
        }
        if (code == 403 || code == 429) {
            Duration wait = rateLimitWait(code, headers, said);
            if (wait != null) {
                return PostResult.retry(scrub(said + " (rate limited, waiting " + wait.toSeconds() + " s)"), wait);
            }
            return PostResult.refused(scrub(said + ": the token may not write commit statuses to " + fullName),
                    scrub(said));
        }
        if (code >= 300 && code < 400) {
            String location = Objects.toString(answer.header("Location"), "nowhere");
            return PostResult.retry(scrub(code + " redirect to " + location + " for " + where + ": not followed, the "
                    + "token only goes to " + apiUrl + "/repos/" + fullName), null);
        }
        return PostResult.retry(scrub(said + " for " + where), retryAfter(headers));
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
                    long seconds = Long.parseLong(reset.trim()) - Instant.now().getEpochSecond();
                    return HttpAnswer.clamp(Duration.ofSeconds(Math.min(seconds, HttpAnswer.MAX_SERVER_WAIT.toSeconds())
                            + 1));
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
        return HttpAnswer.retryAfter(header(headers, "Retry-After"));
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

    private String transportProblem(IOException e) {
        Throwable cause = e;
        while (cause instanceof HttpException && cause.getCause() != null) { // github-api's wrapping, in a probe
            cause = cause.getCause();
        }
        if (cause instanceof HttpTimeoutException) {
            return "timed out (" + cause.getMessage() + ", limit " + requestTimeout.toSeconds() + " s)";
        }
        return cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    /**
     * Whether the API URL answers as GitHub's API: one {@code GET {apiUrl}/user} with the token, through the client
     * that posts, once for this sink (its URL and token) when it does. A server that answers otherwise (a web page, a
     * load balancer's 404) would make every post fail or, worse, look refused for good: no pass starts. A server that
     * does not answer, or fails now, decides nothing: the posts retry as usual and the next pass asks again.
     */
    @Override
    public String setupProblem() {
        if (apiVerified) {
            return null;
        }
        HttpAnswer answer;
        try {
            answer = http.send("GET", URI.create(apiUrl + "/user"), getHeaders, null, requestTimeout, true);
        } catch (IOException e) {
            return null;
        }
        String contentType = answer.header("Content-Type");
        if (GitHubAnswers.answersAsApi(answer.status(), contentType, answer.text())) {
            apiVerified = true;
            return null;
        }
        if (GitHubAnswers.undecided(answer.status())) {
            return null;
        }
        return scrub(apiUrl + " does not answer as GitHub's API: GET /user answered " + answer.status() + " with "
                + (contentType == null ? "no content type" : contentType) + " (" + GitHubAnswers.message(answer.text())
                + "); GitHub Enterprise Server serves its API under /api/v3");
    }

    /**
     * Whether {@code apiUrl} answers as GitHub's API, asked without a token: GitHub answers {@code GET /user} with its
     * JSON error, 401 "Requires authentication"; a web server or a proxy answers otherwise, or not at all.
     */
    public static boolean answersAsApi(HttpClientFactory clients, String apiUrl) {
        try (HttpTransport transport = new HttpTransport(clients, DEFAULT_CONNECT_TIMEOUT, MAX_ANSWER_BYTES)) {
            HttpAnswer answer = transport.send("GET", URI.create(GitHubApiUrls.normalize(apiUrl) + "/user"),
                    Map.of("Accept", "application/vnd.github+json", "User-Agent", USER_AGENT), null,
                    DEFAULT_CONNECT_TIMEOUT, true);
            return GitHubAnswers.answersAsApi(answer.status(), answer.header("Content-Type"), answer.text());
        } catch (IOException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * One {@code GET /user} through github-api: who the token belongs to, its scopes and the rate limit left.
     *
     * @throws IOException when GitHub cannot be reached, refuses the token, or the token's scopes do not allow
     *                     commit statuses
     */
    @Override
    public String probe() throws IOException {
        GHMyself me;
        try {
            me = new GitHubBuilder().withEndpoint(apiUrl)
                    // Not withOAuthToken: for a token without a login, github-api would GET /user in build() too.
                    .withAuthorizationProvider(() -> "token " + token)
                    .withConnector(new OkHttpGitHubConnector(probeClient()))
                    .withRateLimitHandler(FAIL_ON_RATE_LIMIT)
                    .withAbuseLimitHandler(FAIL_ON_ABUSE_LIMIT)
                    .build()
                    .getMyself();
        } catch (GHFileNotFoundException e) {
            throw new IOException(scrub("no GitHub API at " + apiUrl + " (GET /user answered 404 "
                    + GitHubAnswers.message(e.getMessage()) + "); the API URL of GitHub Enterprise Server ends with /api/v3"));
        } catch (HttpException e) {
            int code = e.getResponseCode();
            if (code < 0) {
                throw new IOException(scrub("cannot reach " + apiUrl + ": " + transportProblem(e)));
            }
            String said = code + " " + GitHubAnswers.message(e.getMessage());
            if (code == 401) {
                throw new IOException(scrub(apiUrl + " refused the token (" + said + ")"));
            }
            Duration wait = code == 403 || code == 429 ? rateLimitWait(code, e.getResponseHeaderFields(), said)
                    : null;
            if (wait != null) {
                throw new IOException(scrub(apiUrl + " rate-limits this token for " + wait.toSeconds() + " s ("
                        + said + ")"));
            }
            throw new IOException(scrub("GET " + apiUrl + "/user answered " + said));
        } catch (IOException e) {
            throw new IOException(scrub("cannot reach " + apiUrl + ": " + transportProblem(e)));
        }
        String login = me.getLogin();
        if (login == null || login.isEmpty()) {
            throw new IOException(scrub(apiUrl + " does not look like a GitHub API: GET /user gave no login"));
        }
        Map<String, List<String>> headers = me.getResponseHeaderFields();
        return scrub("Authenticated as " + login + "; " + describeScopes(login, header(headers, "X-OAuth-Scopes"))
                + "; " + describeRateLimit(headers));
    }

    /**
     * The transport's client for github-api: the request deadline, answers capped, and only {@code GET {apiUrl}/user}
     * sent, whatever github-api was asked or told (a redirect, a URL in an answer); the token goes nowhere else.
     */
    private OkHttpClient probeClient() {
        String userUrl = apiUrl + "/user";
        return http.restrictedClient(requestTimeout, chain -> {
            Request request = chain.request();
            String url = request.url().toString();
            if (!url.equals(userUrl) || !request.method().equals("GET")) {
                throw new IOException("refused to send the token to " + request.method() + " " + url
                        + ": a connection test only reads " + userUrl);
            }
            return chain.proceed(request.header("User-Agent") == null
                    ? request.newBuilder().header("User-Agent", USER_AGENT).build() : request);
        });
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
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "GitHubStatusSink[" + apiUrl + "]";
    }
}
