package io.jenkins.plugins.statusqueue.sim;

import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.drain.DrainService;
import io.jenkins.plugins.statusqueue.drain.DrainSettings;
import io.jenkins.plugins.statusqueue.drain.DrainSetup;
import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.events.StepJob;
import io.jenkins.plugins.statusqueue.github.GitHubStatusSink;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.history.HistorySnapshot;
import io.jenkins.plugins.statusqueue.history.MessageRecord;
import io.jenkins.plugins.statusqueue.history.PassRecord;
import io.jenkins.plugins.statusqueue.queue.ApiGatewayQueueSource;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * README's main command: a local status-queue stack (ElasticMQ behind the API Gateway emulator) and a GitHub
 * Enterprise simulator, fed with sample Buildkite events and drained by the engine, ending with the drain history.
 * With {@code -Dsandbox.serve} it keeps running on fixed localhost ports, feeding an event every few seconds, for a
 * Jenkins with the plugin to drain.
 */
public final class Sandbox {

    static final int QUEUE_PORT = 9324;
    static final int API_PORT = 9325;
    static final int GHE_PORT = 9326;
    /** The GHE host the engine is set up for: events must name repositories on it. */
    public static final String GHE_HOST = "ghe.example.com";
    private static final PrintStream OUT = System.out;

    private Sandbox() {
    }

    public static void main(String[] args) throws Exception {
        boolean serve = System.getProperty("sandbox.serve") != null;
        try (ElasticMq mq = serve ? ElasticMq.start(QUEUE_PORT) : ElasticMq.start();
                GheSimulator ghe = serve ? GheSimulator.start(GHE_PORT) : GheSimulator.start()) {
            String queueUrl = mq.createQueue("status-queue");
            try (ApiGatewayEmulator api = serve
                    ? ApiGatewayEmulator.start(mq, queueUrl, ApiGatewayEmulator.Stack.IMPROVED, API_PORT)
                    : ApiGatewayEmulator.start(mq, queueUrl, ApiGatewayEmulator.Stack.IMPROVED)) {
                ghe.repository("acme", "web");
                ghe.repository("acme", "api");
                if (serve) {
                    serve(mq, queueUrl, api, ghe);
                } else {
                    demo(mq, queueUrl, api, ghe);
                }
            }
        }
    }

    /** Sample events covering every outcome, drained until the queue is empty. */
    private static void demo(ElasticMq mq, String queueUrl, ApiGatewayEmulator api, GheSimulator ghe)
            throws Exception {
        String web = "git@" + GHE_HOST + ":acme/web.git";
        String apiRepo = "https://" + GHE_HOST + "/acme/api.git";
        List<String> events = List.of(
                BuildkiteEvents.build().number(41).commit(BuildkiteEvents.sha(1)).repo(web).state("started").envelope(),
                BuildkiteEvents.build().number(41).commit(BuildkiteEvents.sha(1)).repo(web).state("passed").envelope(),
                BuildkiteEvents.build().number(40).commit(BuildkiteEvents.sha(1)).repo(web).state("failed").detail(),
                BuildkiteEvents.build().pipeline("api").number(7).commit(BuildkiteEvents.sha(2)).repo(apiRepo)
                        .state("failed").envelope(),
                BuildkiteEvents.build().pipeline("api").number(8).commit(BuildkiteEvents.sha(3)).repo(apiRepo)
                        .state("blocked").blockedState("passed").detail(),
                BuildkiteEvents.build().number(42).commit(BuildkiteEvents.sha(4)).repo(web).state("skipped").detail(),
                BuildkiteEvents.build().number(43).commit(BuildkiteEvents.sha(5)).repo("git@github.com:acme/web.git")
                        .detail(),
                BuildkiteEvents.build().number(44).commit(BuildkiteEvents.sha(6)).repo(
                        "git@" + GHE_HOST + ":acme/missing.git").detail(),
                "{\"detail\": \"not a build\"",
                BuildkiteEvents.build().number(45).commit("HEAD").repo(web).detail());
        events = new ArrayList<>(events);
        events.addAll(multiStepBuild(web));
        events.forEach(body -> mq.client().sendMessage(queueUrl, body));
        OUT.println("Queued " + events.size() + " sample Buildkite events at " + api.apiUrl());

        Path home = Files.createTempDirectory("status-queue-sandbox");
        DrainService service = new DrainService(DrainHistory.open(home.resolve("history.json")),
                home.resolve("posted-statuses.journal"), Clock.systemUTC());
        DrainSetup setup = setup(api, ghe, DrainSettings.DEFAULTS);
        for (int pass = 0; pass < 5 && mq.depth(queueUrl) > 0; pass++) {
            service.runPass(setup);
        }
        print(service.snapshot());
        OUT.println();
        OUT.println("GitHub Enterprise simulator now holds:");
        ghe.statuses().forEach(status -> OUT.printf(Locale.ROOT, "  %s@%.7s %-26s %-8s %s%n", status.fullName(),
                status.sha(), status.context(), status.state(), status.description()));
        OUT.println("API Gateway requests: " + api.requestCounts());
    }

    /**
     * One build with per-step statuses: a soft-failed lint step, a unit-test step of two parallel jobs (the second
     * failed, then passed on retry), a wait step (no status), and the build's own finish.
     */
    private static List<String> multiStepBuild(String repo) {
        String sha = BuildkiteEvents.sha(7);
        Instant start = Instant.parse("2024-05-01T10:00:00Z");
        Supplier<BuildkiteEvents> build = () -> BuildkiteEvents.build().number(46).commit(sha)
                .repo(repo);
        return List.of(
                build.get().job(":eslint: Lint", "lint").jobFailed(1, true)
                        .jobTimes(start, start.plusSeconds(12)).envelope(),
                build.get().job(":nodejs: Unit tests", "unit").parallel(0, 2)
                        .jobTimes(start, start.plusSeconds(124)).envelope(),
                build.get().job(":nodejs: Unit tests", "unit").parallel(1, 2).jobFailed(1, false)
                        .jobTimes(start, start.plusSeconds(130)).envelope(),
                build.get().job(":nodejs: Unit tests", "unit").parallel(1, 2)
                        .jobTimes(start.plusSeconds(140), start.plusSeconds(250)).envelope(),
                build.get().job(null, null).jobType("waiter").envelope(),
                build.get().state("passed").times(start, start.plusSeconds(260)).envelope());
    }

    /** Keeps the stack up on fixed ports and feeds an event every few seconds until interrupted. */
    private static void serve(ElasticMq mq, String queueUrl, ApiGatewayEmulator api, GheSimulator ghe)
            throws InterruptedException {
        OUT.println("Status-queue sandbox is running. In Jenkins, Manage Jenkins > System > Status Queue:");
        OUT.println("  Queue: API Gateway facade, API URL " + api.apiUrl());
        OUT.println("  API key (Secret text credential): " + ApiGatewayEmulator.API_KEY);
        OUT.println("  GitHub Enterprise API URL: " + ghe.apiUrl());
        OUT.println("  GitHub token (Secret text credential): " + GheSimulator.DEFAULT_TOKEN);
        OUT.println("Statuses posted: GET " + ghe.apiUrl() + "/repos/acme/web/commits/{sha}/statuses");
        OUT.println("The events name repositories on 127.0.0.1, the simulator's host. Ctrl-C stops.");
        String[] states = {"started", "passed", "failed", "blocked", "canceled"};
        for (long build = 1; !Thread.currentThread().isInterrupted(); build++) {
            String state = states[(int) (build % states.length)];
            mq.client().sendMessage(queueUrl, BuildkiteEvents.build().number(build).commit(BuildkiteEvents.sha(build))
                    .repo("git@127.0.0.1:acme/web.git").state(state).envelope());
            OUT.printf(Locale.ROOT, "fed build #%d (%s); statuses so far: %d%n", build, state, ghe.statuses().size());
            Thread.sleep(5000);
        }
    }

    /** The engine wired to the emulated stack and the simulator, as the plugin wires it to the real ones. */
    public static DrainSetup setup(ApiGatewayEmulator api, GheSimulator ghe, DrainSettings settings)
            throws Exception {
        return setup(api.apiUrl(), ghe.apiUrl(), settings);
    }

    /** The same for an emulator and a simulator that run in another process, by their URLs. */
    public static DrainSetup setup(String queueApiUrl, String gheApiUrl, DrainSettings settings) throws Exception {
        return new DrainSetup(new ApiGatewayQueueSource(queueApiUrl, ApiGatewayEmulator.API_KEY),
                new GitHubStatusSink(gheApiUrl, GheSimulator.DEFAULT_TOKEN),
                new EventDecoder(GHE_HOST, StepJob.STATUS_TYPES), new StatusMapper(StateMapping.DEFAULTS, null, null),
                settings);
    }

    private static void print(HistorySnapshot history) {
        OUT.println();
        OUT.println("Drain history: " + history.passCount() + " passes, totals " + history.totals());
        for (PassRecord pass : history.passes()) {
            OUT.printf(Locale.ROOT, "  pass %s: %d ms, received %d, deleted %d, %s%s%n", pass.started(),
                    pass.duration().toMillis(), pass.received(), pass.deleted(), pass.outcomes(),
                    pass.error() == null ? "" : ", stopped: " + pass.error());
        }
        OUT.println("Messages, newest first:");
        for (MessageRecord message : history.messages()) {
            OUT.printf(Locale.ROOT, "  %-10s %-28s %-8.7s %-14s %-9s %s%n", message.outcome(),
                    message.repository() == null ? "-" : message.repository(),
                    message.sha() == null ? "-" : message.sha(),
                    message.context() == null ? "-" : message.context(),
                    message.buildkiteState() == null ? "-" : message.buildkiteState(), message.reason());
        }
    }
}
