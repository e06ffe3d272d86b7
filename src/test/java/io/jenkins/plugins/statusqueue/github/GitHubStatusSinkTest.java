package io.jenkins.plugins.statusqueue.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.events.RepositoryRef;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import io.jenkins.plugins.statusqueue.sim.GheSimulator;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Posting through github-api to the GitHub Enterprise simulator, and how every answer is classified. */
class GitHubStatusSinkTest {

    private static final String SHA = BuildkiteEvents.sha(1);

    private GheSimulator ghe;
    private GitHubStatusSink sink;

    @BeforeEach
    void start() throws IOException {
        ghe = GheSimulator.start();
        ghe.addRepository("acme", "web").addCommit("acme", "web", SHA);
        sink = new GitHubStatusSink(ghe.apiUrl(), GheSimulator.TOKEN);
    }

    @AfterEach
    void stop() {
        ghe.close();
    }

    private static CommitStatus status(String repo, String sha, GitHubState state, String description) {
        return new CommitStatus(new RepositoryRef("ghe.example.com", "acme", repo), sha, state,
                "https://buildkite.com/acme/web/builds/42", description, "buildkite/web");
    }

    @Test
    void postsTheStatusAsGitHubStoresIt() {
        PostResult result = sink.post(status("web", SHA, GitHubState.SUCCESS, "Build #42 passed in 3m 12s"));

        assertEquals(PostResult.Kind.ACCEPTED, result.kind(), result.detail());
        GheSimulator.Status stored = ghe.statuses().get(0);
        assertEquals("acme/web", stored.repository());
        assertEquals(SHA, stored.sha());
        assertEquals("success", stored.state());
        assertEquals("buildkite/web", stored.context());
        assertEquals("Build #42 passed in 3m 12s", stored.description());
        assertEquals("https://buildkite.com/acme/web/builds/42", stored.targetUrl());
    }

    @Test
    void looksEachRepositoryUpOnce() {
        for (int i = 0; i < 5; i++) {
            assertEquals(PostResult.Kind.ACCEPTED, sink.post(status("web", SHA, GitHubState.PENDING, "x")).kind());
        }
        assertEquals(1, ghe.requests("GET /repos"));
        assertEquals(5, ghe.requests("POST /repos/statuses"));
    }

    @Test
    void anUnknownRepositoryOrCommitIsFinal() {
        PostResult unknownRepo = sink.post(status("gone", SHA, GitHubState.SUCCESS, "x"));
        assertEquals(PostResult.Kind.FINAL, unknownRepo.kind());
        assertTrue(unknownRepo.detail().contains("acme/gone"), unknownRepo.detail());

        PostResult unknownCommit = sink.post(status("web", BuildkiteEvents.sha(2), GitHubState.SUCCESS, "x"));
        assertEquals(PostResult.Kind.FINAL, unknownCommit.kind());
        assertTrue(unknownCommit.detail().startsWith("422"), unknownCommit.detail());
        assertTrue(unknownCommit.detail().contains("No commit found"), unknownCommit.detail());
        assertTrue(ghe.statuses().isEmpty());
    }

    @Test
    void aRefusedTokenIsUnauthorizedAndNeverQuoted() throws IOException {
        GitHubStatusSink wrongToken = new GitHubStatusSink(ghe.apiUrl(), "s3cr3t-wrong-token");
        PostResult result = wrongToken.post(status("web", SHA, GitHubState.SUCCESS, "x"));

        assertEquals(PostResult.Kind.UNAUTHORIZED, result.kind(), result.detail());
        assertFalse(result.detail().contains("s3cr3t"), result.detail());
        IOException probe = assertThrows(IOException.class, wrongToken::probe);
        assertTrue(probe.getMessage().contains("401"), probe.getMessage());
        assertFalse(probe.getMessage().contains("s3cr3t"));
    }

    @Test
    void serverErrorsAndOutagesAreRetried() throws IOException {
        assertEquals(PostResult.Kind.ACCEPTED, sink.post(status("web", SHA, GitHubState.PENDING, "warm")).kind());
        ghe.failNext(10, 502);
        PostResult badGateway = sink.post(status("web", SHA, GitHubState.SUCCESS, "x"));
        assertEquals(PostResult.Kind.RETRY, badGateway.kind(), badGateway.detail());

        String downUrl = "http://127.0.0.1:1/api/v3";
        PostResult unreachable = new GitHubStatusSink(downUrl, "t").post(status("web", SHA, GitHubState.SUCCESS, "x"));
        assertEquals(PostResult.Kind.RETRY, unreachable.kind(), unreachable.detail());
    }

    @Test
    void anExhaustedRateLimitIsRetriedAfterItsReset() {
        Instant reset = Instant.now().plusSeconds(900);
        ghe.setRateLimit(2, reset); // the repository look-up and one post
        assertEquals(PostResult.Kind.ACCEPTED, sink.post(status("web", SHA, GitHubState.PENDING, "x")).kind());

        PostResult limited = sink.post(status("web", SHA, GitHubState.SUCCESS, "x"));

        assertEquals(PostResult.Kind.RETRY, limited.kind(), limited.detail());
        assertNotNull(limited.retryAfter());
        long seconds = limited.retryAfter().toSeconds();
        assertTrue(seconds > 800 && seconds <= 900, "retry after " + seconds + " s");
    }

    @Test
    void aSecondaryRateLimitHonoursRetryAfter() {
        assertEquals(PostResult.Kind.ACCEPTED, sink.post(status("web", SHA, GitHubState.PENDING, "x")).kind());
        ghe.secondaryRateLimitNext(Duration.ofSeconds(75));

        PostResult limited = sink.post(status("web", SHA, GitHubState.SUCCESS, "x"));

        assertEquals(PostResult.Kind.RETRY, limited.kind(), limited.detail());
        assertEquals(Duration.ofSeconds(75), limited.retryAfter());
    }

    @Test
    void concurrentPostsAreAllStored() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(50);
        ghe.setLatency(Duration.ofMillis(20));
        try {
            List<Future<PostResult>> results = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                String context = "ctx-" + i;
                results.add(pool.submit(() -> sink.post(new CommitStatus(new RepositoryRef("h", "acme", "web"), SHA,
                        GitHubState.SUCCESS, null, "ok", context))));
            }
            for (Future<PostResult> result : results) {
                assertEquals(PostResult.Kind.ACCEPTED, result.get().kind(), result.get().detail());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(200, ghe.statuses().size());
    }

    @Test
    void probeReportsUserScopesAndRateLimit() throws IOException {
        String line = sink.probe();
        assertTrue(line.contains(GheSimulator.LOGIN), line);
        assertTrue(line.contains("repo:status"), line);
        assertTrue(line.contains("of 5000 left"), line);

        ghe.setScopes("read:org");
        assertTrue(sink.probe().contains("missing repo:status"), sink.probe());
    }
}
