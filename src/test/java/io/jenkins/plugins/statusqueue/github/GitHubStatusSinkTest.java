package io.jenkins.plugins.statusqueue.github;

import static io.jenkins.plugins.statusqueue.http.HttpClientFactory.DIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.events.RepositoryRef;
import io.jenkins.plugins.statusqueue.github.PostResult.Kind;
import io.jenkins.plugins.statusqueue.http.RawServer;
import io.jenkins.plugins.statusqueue.http.RawServer.Reply;
import io.jenkins.plugins.statusqueue.sim.GheSimulator;
import io.jenkins.plugins.statusqueue.sim.GheSimulator.StoredStatus;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GitHubStatusSinkTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final String TOKEN = GheSimulator.DEFAULT_TOKEN;

    private final GheSimulator ghe = GheSimulator.start();
    private final List<String> messages = new ArrayList<>();

    @AfterEach
    void stop() {
        ghe.close();
        for (String message : messages) {
            assertFalse(message.contains(TOKEN), "token leaked: " + message);
        }
    }

    private GitHubStatusSink sink() throws IOException {
        return new GitHubStatusSink(DIRECT, ghe.apiUrl(), TOKEN);
    }

    /** A sink that has posted once to octo/app: its next post goes on a kept-alive connection. */
    private GitHubStatusSink sinkThatPostedOnce() throws IOException {
        ghe.repository("octo", "app");
        GitHubStatusSink sink = sink();
        assertEquals(Kind.ACCEPTED, post(sink, status("octo", "app")).kind());
        return sink;
    }

    private static CommitStatus status(String owner, String name, String sha, GitHubState state, String context) {
        return new CommitStatus(new RepositoryRef("127.0.0.1", owner, name), sha, state,
                "https://buildkite.com/acme/app/builds/7", "Build #7 passed in 3s", context);
    }

    private static CommitStatus status(String owner, String name) {
        return status(owner, name, SHA, GitHubState.SUCCESS, "buildkite/app");
    }

    private PostResult post(GitHubStatusSink sink, CommitStatus status) {
        PostResult result = sink.post(status);
        messages.add(result.detail());
        return result;
    }

    @Test
    void aTricklingAnswerIsCutOffByTheWholeExchangeDeadline() throws IOException {
        GitHubStatusSink sink = new GitHubStatusSink(DIRECT, ghe.apiUrl(), TOKEN, Duration.ofSeconds(1),
                Duration.ofSeconds(1));
        ghe.repository("octo", "app");
        ghe.trickleNext(1, Duration.ofSeconds(60));

        PostResult result = post(sink, status("octo", "app"));

        assertEquals(Kind.RETRY, result.kind());
        assertTrue(result.detail().contains("timed out (no complete answer within 1 s"), result.detail());
    }

    @Test
    void aNameGitHubDoesNotAllowIsRefusedWithoutARequest() throws IOException {
        GitHubStatusSink sink = sink();
        PostResult result = post(sink, status("..", "user"));
        assertEquals(Kind.FINAL, result.kind());
        assertTrue(result.detail().contains("not a GitHub owner name"), result.detail());
        assertTrue(ghe.requests().isEmpty(), "nothing was sent: " + ghe.requests());
    }

    @Test
    void postsTheStatusGitHubStores() throws Exception {
        ghe.repository("octo", "app").commits(SHA);
        GitHubStatusSink sink = sink();
        assertTrue(ghe.requests().isEmpty(), "building the client sends nothing");

        PostResult result = post(sink, status("octo", "app"));

        assertEquals(Kind.ACCEPTED, result.kind(), result.detail());
        assertTrue(result.detail().startsWith("201"), result.detail());
        List<StoredStatus> stored = ghe.statuses("octo", "app", SHA);
        assertEquals(1, stored.size());
        StoredStatus status = stored.get(0);
        assertEquals("success", status.state());
        assertEquals("buildkite/app", status.context());
        assertEquals("Build #7 passed in 3s", status.description());
        assertEquals("https://buildkite.com/acme/app/builds/7", status.targetUrl());
        assertEquals(GheSimulator.DEFAULT_LOGIN, status.creator());
        assertTrue(result.detail().contains(Long.toString(status.id())), result.detail());
    }

    @Test
    void worksAgainstTheApiAtTheRootAndToleratesATrailingSlash() throws Exception {
        ghe.repository("octo", "app");
        assertEquals(Kind.ACCEPTED, post(new GitHubStatusSink(DIRECT, ghe.baseUrl() + "/", TOKEN),
                status("octo", "app"))
                .kind());
        assertEquals(1, ghe.statuses().size());
    }

    @Test
    void postsWithoutLookingTheRepositoryUpAndKeepsConnectionsAlive() throws Exception {
        ghe.repository("octo", "app");
        ghe.repository("octo", "lib");
        ghe.latency(Duration.ofMillis(50));
        GitHubStatusSink sink = sink();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            for (int round = 0; round < 3; round++) {
                List<Future<PostResult>> posts = new ArrayList<>();
                for (int i = 0; i < 20; i++) {
                    String repo = i % 2 == 0 ? "app" : "lib";
                    posts.add(pool.submit(() -> post(sink, status("octo", repo))));
                }
                for (Future<PostResult> post : posts) {
                    assertEquals(Kind.ACCEPTED, post.get().kind());
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(Kind.ACCEPTED, post(sink, status("OCTO", "App")).kind(), "names are case-insensitive");
        assertEquals(61, ghe.requests().size(), "one request per post: " + ghe.requests().stream().distinct().toList());
        assertEquals(61, ghe.count("POST", "/repos/octo/app/statuses/" + SHA) + ghe.count("POST",
                "/repos/octo/lib/statuses/" + SHA) + ghe.count("POST", "/repos/OCTO/App/statuses/" + SHA));
        assertTrue(ghe.connectionsAccepted() <= 20, "posts reuse their connections: " + ghe.connectionsAccepted()
                + " connections for 61 posts");
    }

    @Test
    void aRepositoryThatDisappearsIsFinalAndOneThatReturnsIsPostedTo() throws Exception {
        GitHubStatusSink sink = sinkThatPostedOnce();
        ghe.removeRepository("octo", "app");
        PostResult gone = post(sink, status("octo", "app"));
        assertEquals(Kind.FINAL, gone.kind());
        assertTrue(gone.detail().contains("404"), gone.detail());
        ghe.repository("octo", "app");
        assertEquals(Kind.ACCEPTED, post(sink, status("octo", "app")).kind());
    }

    @Test
    void whatIsNotACommitShaIsRefusedWithoutARequest() throws Exception {
        ghe.repository("octo", "app");
        for (String sha : List.of("../../user", "0123456789abcdef?x=1", "g".repeat(40))) {
            PostResult result = post(sink(), status("octo", "app", sha, GitHubState.SUCCESS, "ci"));
            assertEquals(Kind.FINAL, result.kind(), sha);
            assertTrue(result.detail().contains("is not a commit SHA"), result.detail());
        }
        assertTrue(ghe.requests().isEmpty(), "nothing was sent: " + ghe.requests());
    }

    @Test
    void aRedirectIsNotFollowed() throws Exception {
        ghe.repository("octo", "app");
        ghe.failNext(1, 307);
        PostResult result = post(sink(), status("octo", "app"));
        assertEquals(Kind.RETRY, result.kind(), result.detail());
        assertTrue(result.detail().startsWith("307 redirect to nowhere"), result.detail());
        assertEquals(1, ghe.requests().size());
    }

    @Test
    void sendsTheBodyGitHubDocumentsWithoutTheFieldsAStatusLacks() {
        CommitStatus bare = new CommitStatus(new RepositoryRef("h", "o", "r"), SHA, GitHubState.ERROR, null, null,
                "ci \"quoted\" \u00e9");
        assertEquals("{\"state\":\"error\",\"context\":\"ci \\\"quoted\\\" \u00e9\"}",
                new String(GitHubStatusSink.body(bare), java.nio.charset.StandardCharsets.UTF_8));
        assertEquals(new GitHubStatusSink.StoredStatus(42, "error", "ci"), GitHubStatusSink.StoredStatus.read(
                ("{\"url\":\"u\",\"creator\":{\"id\":7,\"state\":\"x\"},\"id\":42,\"state\":\"error\","
                + "\"context\":\"ci\"}")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals(new GitHubStatusSink.StoredStatus(-1, null, null),
                GitHubStatusSink.StoredStatus.read("<html>".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    @Test
    void aRefusedTokenIsRefusedNotFinal() throws Exception {
        ghe.repository("octo", "app");
        PostResult result = post(new GitHubStatusSink(DIRECT, ghe.apiUrl(), "ghp_wrongToken"), status("octo", "app"));
        assertEquals(Kind.REFUSED, result.kind());
        assertEquals("401 Bad credentials", result.refusal());
        assertTrue(result.detail().contains("401") && result.detail().contains("Bad credentials"), result.detail());
        assertFalse(result.detail().contains("ghp_wrongToken"));
        assertTrue(ghe.statuses().isEmpty());
    }

    @Test
    void anUnknownRepositoryIsFinalAndCountedWithTheRefusals() throws Exception {
        PostResult result = post(sink(), status("octo", "missing"));
        assertEquals(Kind.FINAL, result.kind());
        assertTrue(result.detail().contains("404") && result.detail().contains("octo/missing"), result.detail());
        assertEquals("404 Not Found", result.refusal());
    }

    /** A load balancer's page is not GitHub saying the repository does not exist. */
    @Test
    void a404ThatIsNotGitHubsJsonErrorIsRetried() throws Exception {
        ghe.repository("octo", "app");
        ghe.htmlNotFoundNext(1);
        PostResult result = post(sink(), status("octo", "app"));
        assertEquals(Kind.RETRY, result.kind(), result.detail());
        assertTrue(result.detail().startsWith("404 answered with text/html; charset=utf-8, not GitHub's JSON error"),
                result.detail());
        assertEquals(Kind.ACCEPTED, post(sink(), status("octo", "app")).kind());
    }

    @Test
    void theApiRootIsVerifiedOnceAndAWebInterfaceIsAConfigurationError() throws Exception {
        ghe.repository("octo", "app");
        GitHubStatusSink api = sink();
        assertNull(api.setupProblem());
        assertNull(api.setupProblem());
        assertEquals(1, ghe.count("GET", "/user"), "cached while the URL and token are the same");

        ghe.webInterfaceAtRoot();
        GitHubStatusSink web = new GitHubStatusSink(DIRECT, ghe.baseUrl(), TOKEN);
        String problem = web.setupProblem();
        assertTrue(problem.startsWith(ghe.baseUrl() + " does not answer as GitHub's API: GET /user answered 404 with "
                + "text/html"), problem);
        assertEquals(Kind.RETRY, post(web, status("octo", "app")).kind(), "never final: not GitHub's word");
        assertTrue(ghe.statuses().isEmpty());

        assertTrue(GitHubStatusSink.answersAsApi(DIRECT, ghe.apiUrl()), "401 Requires authentication, in GitHub's JSON");
        assertFalse(GitHubStatusSink.answersAsApi(DIRECT, ghe.baseUrl()));
        assertEquals(FieldCheck.Level.ERROR, GitHubApiUrls.check(ghe.baseUrl(), url -> GitHubStatusSink.answersAsApi(DIRECT, url))
                .level());
        assertEquals(FieldCheck.Level.OK, GitHubApiUrls.check(ghe.apiUrl(), url -> GitHubStatusSink.answersAsApi(DIRECT, url)).level());
    }

    @Test
    void aRootWithoutApiV3ThatAnswersAsTheApiIsAccepted() {
        assertEquals(FieldCheck.Level.OK, GitHubApiUrls.check(ghe.baseUrl(), url -> GitHubStatusSink.answersAsApi(DIRECT, url))
                .level(), "the simulator serves its API at the root too, as a proxy can map it");
        assertEquals(FieldCheck.Level.WARNING, GitHubApiUrls.check(ghe.baseUrl()).level(), "offline, a warning");
    }

    @Test
    void anUnknownCommitIsFinalWithWhatGitHubSaid() throws Exception {
        ghe.repository("octo", "app").commits(SHA);
        String unknown = "f".repeat(40);
        PostResult result = post(sink(), status("octo", "app", unknown, GitHubState.FAILURE, "ci"));
        assertEquals(Kind.FINAL, result.kind());
        assertTrue(result.detail().contains("422 No commit found for SHA: " + unknown), result.detail());
    }

    @Test
    void theThousandStatusLimitIsFinalAndEveryConcurrentPostIsRecorded() throws Exception {
        ghe.repository("octo", "app");
        GitHubStatusSink sink = sink();
        ExecutorService pool = Executors.newFixedThreadPool(100);
        try {
            List<Future<PostResult>> posts = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                posts.add(pool.submit(() -> post(sink, status("octo", "app", SHA, GitHubState.PENDING, "ci"))));
            }
            for (Future<PostResult> post : posts) {
                assertEquals(Kind.ACCEPTED, post.get().kind(), post.get().detail());
            }
        } finally {
            pool.shutdownNow();
        }
        PostResult over = post(sink, status("octo", "app", SHA, GitHubState.SUCCESS, "ci"));
        assertEquals(Kind.FINAL, over.kind());
        assertTrue(over.detail().contains("422 Validation Failed: This SHA and context has reached the maximum number "
                + "of statuses."), over.detail());
        assertTrue(over.detail().endsWith("GitHub keeps at most 1,000 statuses per commit and context, and this one "
                + "has them all"), over.detail());
        assertEquals(1000, ghe.statuses().size());
    }

    @Test
    void oneHundredPostsRunConcurrently() throws Exception {
        for (int r = 0; r < 5; r++) {
            ghe.repository("octo", "repo" + r);
        }
        GitHubStatusSink sink = sink();
        for (int r = 0; r < 5; r++) {
            assertEquals(Kind.ACCEPTED, post(sink, status("octo", "repo" + r)).kind());
        }
        ghe.rendezvous(100, Duration.ofSeconds(20));
        ExecutorService pool = Executors.newFixedThreadPool(100);
        long start = System.nanoTime();
        try {
            List<Future<PostResult>> posts = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String sha = String.format("%040x", i);
                String repo = "repo" + i % 5;
                posts.add(pool.submit(() -> post(sink, status("octo", repo, sha, GitHubState.SUCCESS, "ci"))));
            }
            for (Future<PostResult> post : posts) {
                assertEquals(Kind.ACCEPTED, post.get().kind(), post.get().detail());
            }
        } finally {
            pool.shutdownNow();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(105, ghe.statuses().size());
        assertEquals(100, ghe.maxConcurrentRequests(), "every post was in flight at once");
        assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0, "the rendezvous timed out: " + took);
    }

    @Test
    void serverErrorsAreRetriedLaterNotByTheLibrary() throws Exception {
        GitHubStatusSink sink = sinkThatPostedOnce();
        for (int code : new int[] {500, 502, 503}) {
            ghe.failNext(1, code);
            PostResult result = post(sink, status("octo", "app"));
            assertEquals(Kind.RETRY, result.kind(), result.detail());
            assertTrue(result.detail().startsWith(code + " Server Error"), result.detail());
            assertNull(result.retryAfter());
        }
        assertEquals(4, ghe.count("POST", "/repos/octo/app/statuses/" + SHA), "one request per post");
        assertEquals(1, ghe.statuses().size());
    }

    @Test
    void anEchoedTokenIsScrubbed() throws Exception {
        ghe.repository("octo", "app");
        ghe.failNext(1, 500, "upstream said: Authorization: token " + TOKEN);
        PostResult result = post(sink(), status("octo", "app"));
        assertEquals(Kind.RETRY, result.kind());
        assertTrue(result.detail().contains("token ****"), result.detail());
    }

    @Test
    void aHangingServerTimesOut() throws Exception {
        ghe.repository("octo", "app");
        GitHubStatusSink sink = new GitHubStatusSink(DIRECT, ghe.apiUrl(), TOKEN, Duration.ofSeconds(2),
                Duration.ofMillis(300));
        ghe.hangNext(1, Duration.ofSeconds(30));
        long start = System.nanoTime();
        PostResult result = post(sink, status("octo", "app"));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertEquals(Kind.RETRY, result.kind());
        assertTrue(result.detail().contains("timed out"), result.detail());
        assertTrue(took.compareTo(Duration.ofSeconds(3)) < 0, "took " + took);
    }

    @Test
    void aDroppedConnectionIsRetried() throws Exception {
        ghe.repository("octo", "app");
        ghe.dropNext(1);
        PostResult result = post(sink(), status("octo", "app"));
        assertEquals(Kind.RETRY, result.kind());
        assertTrue(result.detail().startsWith("no answer from " + ghe.apiUrl()), result.detail());
    }

    /** The server may have stored a post whose connection closed unanswered: the drain retries it later, visibly. */
    @Test
    void aPostOnAKeptAliveConnectionThatClosesUnansweredIsNotSentAgain() throws Exception {
        GitHubStatusSink sink = sinkThatPostedOnce();
        ghe.dropNext(1);
        PostResult dropped = post(sink, status("octo", "app"));
        assertEquals(Kind.RETRY, dropped.kind(), dropped.detail());
        assertEquals(2, ghe.count("POST", "/repos/octo/app/statuses/" + SHA), "sent once");
        assertEquals(Kind.ACCEPTED, post(sink, status("octo", "app")).kind(), "the next post takes a new connection");
        assertEquals(2, ghe.statuses().size());
    }

    private static String created(String state, String context) {
        String body = "{\"id\":9,\"state\":\"" + state + "\",\"context\":\"" + context + "\"}";
        return "HTTP/1.1 201 Created\r\nContent-Type: application/json\r\nContent-Length: " + body.length()
                + "\r\n\r\n" + body;
    }

    /**
     * Finding: a stray answer after a complete one was read as the next post's (a 422 deleted a message GitHub never
     * refused). A final refusal on a kept-alive connection is heard again on a new one; an acceptance must describe
     * the status posted.
     */
    @Test
    void aStrayAnswerOnAKeptAliveConnectionDecidesNoOutcome() throws Exception {
        String refusal = "{\"message\":\"Validation Failed\"}";
        String strayRefusal = "HTTP/1.1 422 Unprocessable Entity\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + refusal.length() + "\r\n\r\n" + refusal;
        // The stray answer comes in the same segment as the real one, so it waits in the client's buffer.
        try (RawServer server = RawServer.start(request -> Reply.of(request == 0
                ? created("success", "buildkite/app") + strayRefusal : created("success", "buildkite/app")))) {
            GitHubStatusSink sink = new GitHubStatusSink(DIRECT, server.url() + "/api/v3", TOKEN);
            assertEquals(Kind.ACCEPTED, post(sink, status("octo", "app")).kind());
            PostResult confirmed = post(sink, status("octo", "app"));
            assertEquals(Kind.ACCEPTED, confirmed.kind(), "the 422 was heard again on a new connection: "
                    + confirmed.detail());
            assertEquals(3, server.requests.size());
        }
        try (RawServer server = RawServer.start(request -> Reply.of(request == 0
                ? created("success", "buildkite/app") + created("failure", "buildkite/other")
                : created("success", "buildkite/app")))) {
            GitHubStatusSink sink = new GitHubStatusSink(DIRECT, server.url() + "/api/v3", TOKEN);
            assertEquals(Kind.ACCEPTED, post(sink, status("octo", "app")).kind());
            PostResult stray = post(sink, status("octo", "app"));
            assertEquals(Kind.RETRY, stray.kind(), "an acceptance of another status counts for nothing");
            assertTrue(stray.detail().contains("describes another status (failure, buildkite/other)"),
                    stray.detail());
        }
    }

    /** Findings: a reset or Retry-After years away held the drain that long, Long.MAX_VALUE threw. */
    @Test
    void aServerWaitIsAtMostAnHour() {
        assertEquals(Duration.ofHours(1), GitHubStatusSink.rateLimitWait(403, Map.of("X-RateLimit-Remaining",
                List.of("0"), "X-RateLimit-Reset", List.of(Long.toString(Long.MAX_VALUE))), "rate limit"));
        assertEquals(Duration.ofHours(1), GitHubStatusSink.rateLimitWait(429, Map.of("Retry-After",
                List.of("1000000000")), ""));
        assertEquals(Duration.ofHours(1), PostResult.retry("x", Duration.ofDays(40000)).retryAfter());
        assertEquals(Duration.ofHours(1), new io.jenkins.plugins.statusqueue.queue.QueueException(
                io.jenkins.plugins.statusqueue.queue.QueueException.Kind.THROTTLED, "x",
                Duration.ofSeconds(Long.MAX_VALUE), null).retryAfter());
    }

    @Test
    void anUnreachableServerIsRetried() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostResult result = post(new GitHubStatusSink(DIRECT, "http://127.0.0.1:" + port + "/api/v3", TOKEN),
                status("octo", "app"));
        assertEquals(Kind.RETRY, result.kind());
        assertTrue(result.detail().contains("ConnectException"), result.detail());
    }

    @Test
    void anExhaustedRateLimitWaitsUntilTheReset() throws Exception {
        ghe.repository("octo", "app");
        ghe.rateLimit(1, Duration.ofSeconds(120));
        GitHubStatusSink sink = sink();
        assertEquals(Kind.ACCEPTED, post(sink, status("octo", "app")).kind(), "one request");
        PostResult result = post(sink, status("octo", "app"));
        assertEquals(Kind.RETRY, result.kind(), result.detail());
        assertTrue(result.detail().contains("API rate limit exceeded"), result.detail());
        long wait = result.retryAfter().toSeconds();
        assertTrue(wait > 100 && wait <= 122, "waits " + wait + " s");
    }

    @Test
    void aSecondaryRateLimitWaitsForRetryAfter() throws Exception {
        GitHubStatusSink sink = sinkThatPostedOnce();
        ghe.secondaryRateLimitNext(1, 403, 7);
        PostResult forbidden = post(sink, status("octo", "app"));
        assertEquals(Kind.RETRY, forbidden.kind(), forbidden.detail());
        assertEquals(Duration.ofSeconds(7), forbidden.retryAfter());
        assertTrue(forbidden.detail().contains("secondary rate limit"), forbidden.detail());

        ghe.secondaryRateLimitNext(1, 429, 3);
        PostResult tooMany = post(sink, status("octo", "app"));
        assertEquals(Kind.RETRY, tooMany.kind(), tooMany.detail());
        assertEquals(Duration.ofSeconds(3), tooMany.retryAfter());
        assertEquals(1, ghe.statuses().size());
    }

    @Test
    void aRateLimitWithoutTimesWaitsOneMinute() throws Exception {
        assertEquals(Duration.ofMinutes(1), GitHubStatusSink.rateLimitWait(429, null, "429 Too Many Requests"));
        assertEquals(Duration.ofMinutes(1), GitHubStatusSink.rateLimitWait(403, null,
                "403 You have exceeded a secondary rate limit"));
        assertNull(GitHubStatusSink.rateLimitWait(403, null, "403 Resource not accessible by integration"));
    }

    @Test
    void aForbiddenRepositoryIsRefusedNotFinal() throws Exception {
        ghe.repository("octo", "locked").forbidStatuses("Resource not accessible by personal access token");
        PostResult result = post(sink(), status("octo", "locked"));
        assertEquals(Kind.REFUSED, result.kind(), "an administrator can grant the access");
        assertEquals("403 Resource not accessible by personal access token", result.refusal());
        assertTrue(result.detail().contains("403 Resource not accessible by personal access token"), result.detail());
        assertNull(result.retryAfter());
    }

    @Test
    void probeReportsLoginScopesAndRateLimit() throws Exception {
        String line = sink().probe();
        messages.add(line);
        assertTrue(line.startsWith("Authenticated as " + GheSimulator.DEFAULT_LOGIN + "; scopes: repo, read:org "
                + "(repo allows commit statuses); rate limit: 4999 of 5000 requests left, resets at "), line);
        assertFalse(line.contains("\n"));
        assertEquals(1, ghe.requests().size(), "one request");
    }

    @Test
    void probeAcceptsRepoStatusAndFineGrainedTokens() throws Exception {
        ghe.token("ghp_statusOnly", "narrow", "repo:status").token("github_pat_fine", "fine", null);
        ghe.rateLimit(0, Duration.ZERO);
        String narrow = new GitHubStatusSink(DIRECT, ghe.apiUrl(), "ghp_statusOnly").probe();
        assertTrue(narrow.contains("scopes: repo:status (repo:status allows commit statuses)"), narrow);
        assertTrue(narrow.endsWith("rate limit: not enforced by this server"), narrow);
        String fine = new GitHubStatusSink(DIRECT, ghe.apiUrl(), "github_pat_fine").probe();
        assertTrue(fine.contains("scopes: none reported"), fine);
    }

    @Test
    void probeFailsClearly() throws Exception {
        ghe.token("ghp_readOnly", "reader", "read:org, gist");
        IOException scopes = assertThrows(IOException.class,
                () -> new GitHubStatusSink(DIRECT, ghe.apiUrl(), "ghp_readOnly").probe());
        assertEquals("the token of reader has scopes [read:org, gist] but neither repo nor repo:status, so GitHub "
                + "refuses its commit statuses", scopes.getMessage());

        IOException refused = assertThrows(IOException.class,
                () -> new GitHubStatusSink(DIRECT, ghe.apiUrl(), "ghp_wrongToken").probe());
        assertTrue(refused.getMessage().contains("refused the token (401 Bad credentials)"), refused.getMessage());
        assertFalse(refused.getMessage().contains("ghp_wrongToken"));

        IOException notApi = assertThrows(IOException.class,
                () -> new GitHubStatusSink(DIRECT, ghe.baseUrl() + "/nothing", TOKEN).probe());
        assertTrue(notApi.getMessage().contains("ends with /api/v3"), notApi.getMessage());

        ghe.secondaryRateLimitNext(1, 403, 30);
        IOException limited = assertThrows(IOException.class, () -> sink().probe());
        assertTrue(limited.getMessage().contains("rate-limits this token for 30 s"), limited.getMessage());

        String apiUrl = ghe.apiUrl();
        ghe.close();
        IOException down = assertThrows(IOException.class, () -> new GitHubStatusSink(DIRECT, apiUrl, TOKEN).probe());
        assertTrue(down.getMessage().startsWith("cannot reach " + apiUrl), down.getMessage());
        for (IOException e : List.of(scopes, refused, notApi, limited, down)) {
            messages.add(e.getMessage());
        }
    }

    @Test
    void refusesBlankSettings() throws Exception {
        assertThrows(IllegalArgumentException.class, () -> new GitHubStatusSink(DIRECT, " ", TOKEN));
        assertThrows(IllegalArgumentException.class, () -> new GitHubStatusSink(DIRECT, ghe.apiUrl(), ""));
    }

    @Test
    void readsGitHubErrorBodies() throws Exception {
        assertEquals("Validation Failed: description is too long; state is invalid", GitHubAnswers.message(
                "{\"message\":\"Validation Failed\",\"errors\":[{\"resource\":\"Status\",\"code\":\"custom\","
                        + "\"message\":\"description is too long\"},\"state is invalid\"]}"));
        assertEquals("<html> Bad gateway </html>", GitHubAnswers.message("<html>\n Bad gateway\n</html>"));
        assertEquals("(no message)", GitHubAnswers.message(null));
    }
}
