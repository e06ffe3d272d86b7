package io.jenkins.plugins.statusqueue.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.history.MessageRecord;
import io.jenkins.plugins.statusqueue.history.Outcome;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import io.jenkins.plugins.statusqueue.sim.EmulatedStacks;
import io.jenkins.plugins.statusqueue.sim.GheSimulator.StoredStatus;
import io.jenkins.plugins.statusqueue.sim.GheSimulator;
import io.jenkins.plugins.statusqueue.sim.Sandbox;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Per-step statuses through ElasticMQ, the API Gateway emulator and the GitHub Enterprise simulator: what GitHub
 * shows for each context of a commit after Buildkite's job events of one build, delivered in any order.
 */
class StepStatusesEndToEndTest {

    @RegisterExtension
    static final EmulatedStacks STACKS = new EmulatedStacks();

    private static final DrainSettings SETTINGS = new DrainSettings(1000, Duration.ofSeconds(30), 8, 0,
            Duration.ofSeconds(60));
    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
    private static final String SHA = BuildkiteEvents.sha(1);

    @TempDir
    Path home;

    private GheSimulator ghe;
    private ApiGatewayEmulator api;

    @BeforeEach
    void start() throws Exception {
        ghe = GheSimulator.start();
        ghe.repository("acme", "web");
        api = STACKS.start(ApiGatewayEmulator.Stack.IMPROVED);
    }

    @AfterEach
    void stop() {
        ghe.close();
    }

    private static BuildkiteEvents build() {
        return BuildkiteEvents.build().commit(SHA);
    }

    private static BuildkiteEvents unitJob(int index, String uuid, int startSecond, int endSecond) {
        return build().job(":nodejs: Unit tests", "unit").parallel(index, 2).jobId(uuid)
                .jobTimes(START.plusSeconds(startSecond), START.plusSeconds(endSecond));
    }

    private void send(List<String> bodies) {
        bodies.forEach(body -> STACKS.mq().client().sendMessage(STACKS.queueUrl(), body));
    }

    private DrainService service() {
        return new DrainService(DrainHistory.open(null), home.resolve("posted-statuses.journal"), Clock.systemUTC());
    }

    private void drain(DrainService service) throws Exception {
        for (int pass = 0; pass < 5 && STACKS.mq().depth(STACKS.queueUrl()) > 0; pass++) {
            service.runPass(Sandbox.setup(api, ghe, SETTINGS));
        }
        assertEquals(0, STACKS.mq().depth(STACKS.queueUrl()), "every message has a final outcome");
    }

    private Map<String, String> shown() {
        Map<String, String> shown = new TreeMap<>();
        ghe.latestPerContext("acme", "web", SHA).forEach((context, status) -> shown.put(context, status.state()
                + ": " + status.description()));
        return shown;
    }

    @Test
    void aBuildsStepsEachShowTheirNewestOutcomeWhateverTheOrder() throws Exception {
        List<String> bodies = new ArrayList<>(List.of(
                build().job(":eslint: Lint", "lint").jobFailed(1, true).jobTimes(START, START.plusSeconds(12))
                        .envelope(),
                unitJob(0, "11111111-1111-4111-8111-111111111111", 0, 124).jobState("started").jobTimes(START, null)
                        .envelope(),
                unitJob(0, "11111111-1111-4111-8111-111111111111", 0, 124).envelope(),
                unitJob(1, "22222222-2222-4222-8222-222222222222", 0, 130).jobFailed(1, false).envelope(),
                // The retry of the failed job: a new job of the same step, finishing later.
                unitJob(1, "33333333-3333-4333-8333-333333333333", 140, 250).envelope(),
                build().job(null, null).jobType("waiter").envelope(),
                build().state("passed").times(START, START.plusSeconds(260)).envelope()));
        long seed = System.nanoTime();
        Collections.shuffle(bodies, new Random(seed));
        send(bodies);

        drain(service());

        assertEquals(Map.of(
                "buildkite/web", "success: Build #42 passed in 4m 20s",
                "buildkite/web/lint", "success: Step 'Lint' soft-failed in 12s (exit status 1)",
                "buildkite/web/unit (1/2)", "success: Step 'Unit tests' (1/2) passed in 2m 4s",
                "buildkite/web/unit (2/2)", "success: Step 'Unit tests' (2/2) passed in 1m 50s"), shown(),
                "seed " + seed);
    }

    @Test
    void aLateFinishOfTheRetriedJobNeverTurnsTheStepRedAgainEvenAfterARestart() throws Exception {
        send(List.of(unitJob(1, "33333333-3333-4333-8333-333333333333", 140, 250).envelope()));
        drain(service());
        String stale = unitJob(1, "22222222-2222-4222-8222-222222222222", 0, 130).jobFailed(1, false).envelope();
        send(List.of(stale));

        DrainService restarted = service();
        drain(restarted);

        List<StoredStatus> unit = ghe.statuses("acme", "web", SHA);
        assertEquals(1, unit.size(), "the stale failure was not posted: " + unit);
        MessageRecord record = restarted.snapshot().messages().get(0);
        assertEquals(Outcome.SUPERSEDED, record.outcome());
        assertEquals("failed", record.buildkiteState());
        assertTrue(record.reason().contains("already posted"), record.reason());
        assertEquals("buildkite/web/unit (2/2)", record.context());
    }

    @Test
    void aStepNeverOverwritesTheBuildsStatus() throws Exception {
        send(List.of(build().state("failed").envelope()));
        drain(service());
        send(List.of(build().job("Deploy", "deploy").jobTimes(START, START.plusSeconds(600)).envelope()));
        drain(service());
        assertEquals("failure", shown().get("buildkite/web").substring(0, 7));
        assertTrue(shown().get("buildkite/web/deploy").startsWith("success"));
    }
}
