package io.jenkins.plugins.statusqueue.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.github.GitHubStatusSink;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.history.Outcome;
import io.jenkins.plugins.statusqueue.history.PassRecord;
import io.jenkins.plugins.statusqueue.queue.ApiGatewayQueueSource;
import io.jenkins.plugins.statusqueue.queue.SqsQueueSource;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator.Stack;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import io.jenkins.plugins.statusqueue.sim.EmulatedStacks;
import io.jenkins.plugins.statusqueue.sim.GheSimulator;
import io.jenkins.plugins.statusqueue.sim.Sandbox;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole flow with real parts: ElasticMQ behind the API Gateway emulator, the engine, the GitHub Enterprise
 * simulator. What GitHub stored is read back from the simulator; what stayed in the queue is read from ElasticMQ.
 */
class DrainEndToEndTest {

    @RegisterExtension
    static final EmulatedStacks STACKS = new EmulatedStacks();

    private static final DrainSettings SETTINGS = new DrainSettings(1000, Duration.ofSeconds(30), 16, 0,
            Duration.ofSeconds(60));

    private GheSimulator ghe;

    @BeforeEach
    void start() {
        ghe = GheSimulator.start();
        ghe.repository("acme", "web");
    }

    @AfterEach
    void stop() {
        ghe.close();
    }

    private void send(int count, int firstCommit) {
        for (int i = 0; i < count; i++) {
            STACKS.mq().client().sendMessage(STACKS.queueUrl(), BuildkiteEvents.build().number(firstCommit + i + 1)
                    .commit(BuildkiteEvents.sha(firstCommit + i)).envelope());
        }
    }

    private int inQueue() {
        return STACKS.mq().depth(STACKS.queueUrl());
    }

    @Test
    void drainsABacklogThroughEitherStackIntoGitHubEnterprise() throws Exception {
        for (Stack stack : Stack.values()) {
            ApiGatewayEmulator api = STACKS.start(stack);
            int before = ghe.statuses().size();
            send(25, before);
            DrainService service = new DrainService(DrainHistory.open(null), Clock.systemUTC());
            DrainSetup setup = Sandbox.setup(api, ghe, SETTINGS);
            for (int pass = 0; pass < 3 && inQueue() > 0; pass++) {
                service.runPass(setup);
            }
            assertEquals(25, ghe.statuses().size() - before, stack + " stack");
            assertEquals(0, inQueue(), stack + " stack");
            assertTrue(ghe.statuses().stream().allMatch(status -> status.state().equals("success")
                    && status.context().equals("buildkite/web")));
        }
    }

    /** The engine reading through the improved stack with a one-second visibility timeout, so retries come soon. */
    private DrainSetup quickRetrySetup(ApiGatewayEmulator api, int concurrency) throws Exception {
        return new DrainSetup(new ApiGatewayQueueSource(api.apiUrl(), ApiGatewayEmulator.API_KEY,
                ApiGatewayQueueSource.newHttpClient(),
                ApiGatewayQueueSource.DEFAULT_REQUEST_TIMEOUT, 1),
                new GitHubStatusSink(ghe.apiUrl(), GheSimulator.DEFAULT_TOKEN), new EventDecoder("ghe.example.com"),
                new StatusMapper(StateMapping.DEFAULTS, null, null),
                new DrainSettings(1000, Duration.ofSeconds(30), concurrency, 0, Duration.ofSeconds(1)));
    }

    private void drainUntilEmpty(DrainService service, DrainSetup setup) throws InterruptedException {
        for (int pass = 0; pass < 20 && inQueue() > 0; pass++) {
            Thread.sleep(1100);
            service.requestPass();
            service.runPass(setup);
        }
    }

    @Test
    void gitHubFailingMidPassLosesNothingDeletesNothingEarlyAndPostsEachStatusOnce() throws Exception {
        ApiGatewayEmulator api = STACKS.start(Stack.IMPROVED);
        send(30, 0);
        DrainService service = new DrainService(DrainHistory.open(null), Clock.systemUTC());
        DrainSetup setup = quickRetrySetup(api, 1);
        ghe.failNext(Drainer.MAX_CONSECUTIVE_TRANSIENT_FAILURES, 503);

        PassRecord failed = service.runPass(setup);

        assertTrue(failed.failed(), "five 503s in a row stop the pass: " + failed);
        assertEquals(0, failed.deleted());
        assertEquals(30, inQueue(), "every message is still in the queue");
        assertEquals(0, ghe.statuses().size());

        drainUntilEmpty(service, setup);
        assertEquals(30, ghe.statuses().size(), "each status posted exactly once");
        assertEquals(30, ghe.statuses().stream().map(GheSimulator.StoredStatus::sha).distinct().count());
        assertEquals(0, inQueue());
    }

    @Test
    void theQueueFailingMidPassStopsThePassAndRedeliveriesAreNotPostedTwice() throws Exception {
        ApiGatewayEmulator api = STACKS.start(Stack.IMPROVED);
        send(40, 0);
        api.failAfter(1, 5, ApiGatewayEmulator.Fault.gateway(502));
        DrainService service = new DrainService(DrainHistory.open(null), Clock.systemUTC());
        DrainSetup setup = quickRetrySetup(api, 10);

        PassRecord failed = service.runPass(setup);

        assertTrue(failed.failed(), "" + failed);
        assertTrue(failed.error().contains("502"), failed.error());
        assertEquals(40, inQueue(), "deletes failed too: every message is still queued, none lost");

        drainUntilEmpty(service, setup);
        assertEquals(40, ghe.statuses().size(), "statuses posted before the deletes failed are not posted again");
        assertEquals(0, inQueue());
    }

    @Test
    void aRepositoryTheTokenMayNotWriteToIsNeverDeletedAndEndsInTheDeadLetterQueue() throws Exception {
        ghe.repository("acme", "locked").forbidStatuses("Resource not accessible by personal access token");
        String deadLetters = STACKS.mq().createQueue("dead-letters-" + System.nanoTime());
        String queue = STACKS.mq().createQueueWithDeadLetterQueue("refused-" + System.nanoTime(), deadLetters, 2);
        STACKS.mq().client().sendMessage(queue, BuildkiteEvents.build().repo("git@ghe.example.com:acme/locked.git")
                .envelope());
        DrainService service = new DrainService(DrainHistory.open(null), Clock.systemUTC());
        DrainSetup setup = new DrainSetup(new SqsQueueSource(STACKS.mq().newClient(), queue, 1),
                new GitHubStatusSink(ghe.apiUrl(), GheSimulator.DEFAULT_TOKEN), new EventDecoder("ghe.example.com"),
                new StatusMapper(StateMapping.DEFAULTS, null, null),
                new DrainSettings(1000, Duration.ofSeconds(30), 4, 0, Duration.ofSeconds(1)));

        for (int pass = 0; pass < 6 && STACKS.mq().depth(deadLetters) == 0; pass++) {
            PassRecord record = service.runPass(setup);
            assertEquals(0, record.deleted(), "a refusal is never final");
            Thread.sleep(1100);
        }

        assertEquals(1, STACKS.mq().depth(deadLetters), "after the queue's max receives, in the dead-letter queue");
        assertEquals(0, STACKS.mq().depth(queue));
        assertEquals(0, ghe.statuses().size());
        assertTrue(service.snapshot().messages().stream().allMatch(m -> m.outcome() == Outcome.RETRY
                && m.reason().contains("403 Resource not accessible")));
    }
}
