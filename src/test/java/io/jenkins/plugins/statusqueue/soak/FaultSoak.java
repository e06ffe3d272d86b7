package io.jenkins.plugins.statusqueue.soak;

import static io.jenkins.plugins.statusqueue.http.HttpClientFactory.DIRECT;

import io.jenkins.plugins.statusqueue.drain.DrainService;
import io.jenkins.plugins.statusqueue.drain.DrainSettings;
import io.jenkins.plugins.statusqueue.drain.DrainSetup;
import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.github.CommitStatus;
import io.jenkins.plugins.statusqueue.github.GitHubStatusSink;
import io.jenkins.plugins.statusqueue.github.PostResult;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import io.jenkins.plugins.statusqueue.github.StatusSink;
import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.history.MessageRecord;
import io.jenkins.plugins.statusqueue.history.Outcome;
import io.jenkins.plugins.statusqueue.history.PassRecord;
import io.jenkins.plugins.statusqueue.queue.ApiGatewayQueueSource;
import io.jenkins.plugins.statusqueue.queue.DeleteResult;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.queue.QueueProbe;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator.Fault;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import io.jenkins.plugins.statusqueue.sim.FaultyDisk;
import io.jenkins.plugins.statusqueue.sim.GheSimulator.StoredStatus;
import io.jenkins.plugins.statusqueue.sim.GheSimulator;
import io.jenkins.plugins.statusqueue.soak.SoakPlan.Event;
import io.jenkins.plugins.statusqueue.soak.SoakPlan.Status;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * The fault soak: thousands of Buildkite events (retried builds, out-of-order and duplicate deliveries, several
 * pipelines and repositories) drained through ElasticMQ, the API Gateway emulator and the GitHub Enterprise
 * simulator while a seeded random schedule injects every fault they know, and the drain service is stopped and
 * restarted mid-pass. Then it checks, from what the simulators and the queue saw, that nothing was lost, nothing was
 * deleted before its outcome was final, no status was posted twice and every commit shows the newest event's state.
 *
 * <p>{@code mvn -B -Psoak} runs it ({@code -Dsoak.events=N}, {@code -Dsoak.seed=S} to replay a run); a short variant
 * runs in {@code mvn verify} ({@code FaultSoakTest}). The last line reads {@code soak N events, L lost, D deleted
 * early, P posted twice, W wrong final states, longest pass S s of B s}.
 */
public final class FaultSoak {

    /** GitHub and the queue get a second per exchange: faults that hang or trickle longer are cut off. */
    private static final Duration CALL_DEADLINE = Duration.ofSeconds(1);
    private static final int VISIBILITY_SECONDS = 2;
    private static final String TOKEN = GheSimulator.DEFAULT_TOKEN;
    /** The kinds {@link #inject(ApiGatewayEmulator, GheSimulator, int)} knows, besides stopping the service. */
    static final int FAULT_KINDS = 18;

    /**
     * @param seed         the random schedule
     * @param events       messages to send
     * @param passSeconds  each pass's time bound
     * @param drainSeconds how long the queue may take to empty once everything is sent and every fault taken
     */
    public record Settings(long seed, int events, int passSeconds, int drainSeconds) {
    }

    /** What a soak measured. */
    public record Figures(int events, Map<String, Integer> faults, int passes, int restarts, int posted, int lost,
            int deletedEarly, int postedTwice, int wrongFinalStates, Duration longestPass, Duration bound,
            int leftInQueue) {

        /** The line a script checks. */
        public String lastLine() {
            return String.format(Locale.ROOT, "soak %d events, %d lost, %d deleted early, %d posted twice, %d wrong "
                    + "final states, longest pass %.1f s of %.1f s", events, lost, deletedEarly, postedTwice,
                    wrongFinalStates, longestPass.toMillis() / 1000.0, bound.toMillis() / 1000.0);
        }

        public boolean clean() {
            return lost == 0 && deletedEarly == 0 && postedTwice == 0 && wrongFinalStates == 0 && leftInQueue == 0
                    && longestPass.compareTo(bound) <= 0;
        }
    }

    private final Settings settings;
    private final PrintStream out;
    private final Random random;
    private final Map<String, Integer> faults = new TreeMap<>();
    private final List<Integer> kindsNotYetInjected = new ArrayList<>();
    /** Deliveries the drain deleted, as {@code messageId#receiveCount}. */
    private final Set<String> deletedDeliveries = ConcurrentHashMap.newKeySet();
    /** The service draining now; replaced at each restart. */
    private volatile DrainService service;
    private final AtomicInteger postsThisPass = new AtomicInteger();
    /** The post of this pass at which the service is stopped, or 0. */
    private volatile int stopAtPost;
    private volatile boolean stoppedThisPass;
    /** The disk under the journal. */
    private final FaultyDisk disk = new FaultyDisk();
    /** Passes the disk stays full for. */
    private int fullDiskPasses;

    private FaultSoak(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.random = new Random(settings.seed());
    }

    public static void main(String[] args) throws Exception {
        long seed = Long.getLong("soak.seed", System.nanoTime());
        Settings settings = new Settings(seed, Integer.getInteger("soak.events", 5000),
                Integer.getInteger("soak.passSeconds", 3), Integer.getInteger("soak.drainSeconds", 120));
        Figures figures = run(settings, System.out);
        System.exit(figures.clean() ? 0 : 1);
    }

    /** Runs a soak and prints its figures, the last line last. */
    public static Figures run(Settings settings, PrintStream out) throws Exception {
        return new FaultSoak(settings, out).run();
    }

    private Figures run() throws Exception {
        out.println("soak seed " + settings.seed() + " (replay: mvn -B -Psoak -Dsoak.seed=" + settings.seed()
                + " -Dsoak.events=" + settings.events() + ")");
        SoakPlan plan = new SoakPlan(random, settings.events());
        out.printf(Locale.ROOT, "events: %d messages of %d events (%d duplicates), %d pipelines, %d repositories, "
                + "%d commits, %d retried builds%n", plan.deliveries.size(), plan.events.size(), plan.duplicates,
                plan.pipelines(), plan.repositories().size(), plan.commits, plan.retriedBuilds);
        Path dir = Files.createTempDirectory("status-queue-soak");
        try (ElasticMq mq = ElasticMq.start(); GheSimulator ghe = GheSimulator.start()) {
            ghe.rateLimit(0, Duration.ofHours(1));
            plan.repositories().forEach(name -> ghe.repository(SoakPlan.OWNER, name));
            String queueUrl = mq.createQueue("soak");
            try (ApiGatewayEmulator api = ApiGatewayEmulator.start(mq, queueUrl, ApiGatewayEmulator.Stack.IMPROVED)) {
                return drain(plan, mq, queueUrl, api, ghe, dir);
            }
        }
    }

    private Figures drain(SoakPlan plan, ElasticMq mq, String queueUrl, ApiGatewayEmulator api, GheSimulator ghe,
            Path dir) throws Exception {
        DrainSettings drainSettings = new DrainSettings(300, Duration.ofSeconds(settings.passSeconds()), 20, 1,
                Duration.ofSeconds(1));
        Duration bound = drainSettings.maxDuration().plus(DrainSettings.GRACE);
        DrainHistory history = DrainHistory.open(null, 100_000, 10_000_000);
        Path journal = dir.resolve("posted-statuses.journal");
        service = new DrainService(history, journal, disk, Clock.systemUTC());
        DrainSetup setup = setup(api, ghe, drainSettings);
        boolean restartDue = false;
        Set<String> sentIds = new HashSet<>();
        int sent = 0;
        int passes = 0;
        int restarts = 0;
        Duration longest = Duration.ZERO;
        long start = System.nanoTime();
        long drainDeadline = Long.MAX_VALUE;
        long allSent = 0;
        // About 25 to 50 passes while sending, each after its own faults.
        int averageChunk = Math.max(25, Math.min(100, plan.deliveries.size() / 24));
        while (true) {
            if (sent < plan.deliveries.size()) {
                int chunk = Math.min(plan.deliveries.size() - sent, random.nextInt(2 * averageChunk + 1));
                for (int i = 0; i < chunk; i++) {
                    sentIds.add(mq.client().sendMessage(queueUrl, plan.deliveries.get(sent++)).getMessageId());
                }
                injectFaults(api, ghe);
                if (sent == plan.deliveries.size()) {
                    allSent = System.nanoTime();
                    drainDeadline = allSent + TimeUnit.SECONDS.toNanos(settings.drainSeconds());
                }
            } else if (mq.depth(queueUrl) == 0 || System.nanoTime() > drainDeadline) {
                break;
            } else if (api.pendingFaults() + ghe.pendingFaults() + fullDiskPasses > 0) {
                // Faults set while sending can outlast it (each request takes one); the queue's time to empty
                // counts from the last of them, and every pass takes at least one.
                drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(settings.drainSeconds());
            }
            // A stop lands while posts are under way: at a random post of the pass.
            postsThisPass.set(0);
            stoppedThisPass = false;
            boolean stopThisPass = restarts == 0 ? random.nextBoolean()
                    : sent < plan.deliveries.size() && random.nextInt(4) == 0;
            stopAtPost = stopThisPass ? 1 + random.nextInt(8) : 0;
            long passStart = System.nanoTime();
            PassRecord pass = service.runPass(setup);
            Duration took = Duration.ofNanos(System.nanoTime() - passStart);
            passes++;
            longest = took.compareTo(longest) > 0 ? took : longest;
            api.latency(Duration.ZERO);
            ghe.latency(Duration.ZERO);
            if (fullDiskPasses > 0 && --fullDiskPasses == 0) {
                disk.full(false);
            }
            restartDue |= stoppedThisPass;
            // Jenkins starts again on a disk that takes the journal: a restart while it cannot be written forgets
            // the statuses that wait in memory, and posts them again, which is allowed but not what this counts.
            if (restartDue && service.writeProblem() == null) {
                restartDue = false;
                restarts++;
                count("drain service stopped mid-pass and restarted");
                service = new DrainService(history, journal, disk, Clock.systemUTC());
                setup = setup(api, ghe, drainSettings);
            }
            if (pass.received() == 0) {
                Thread.sleep(300);
            }
        }
        out.println("faults: " + faults);
        out.printf(Locale.ROOT, "passes: %d (%d restarts) in %.1f s (all sent after %.1f s), %d statuses on GitHub "
                + "Enterprise%n", passes, restarts, (System.nanoTime() - start) / 1e9, (allSent - start) / 1e9,
                ghe.statuses().size());
        Figures figures = figures(plan, history, sentIds, ghe, passes, restarts, longest, bound,
                mq.depth(queueUrl));
        if (figures.leftInQueue() > 0) {
            out.println("not drained: " + figures.leftInQueue() + " messages still in the queue");
        }
        out.println(figures.lastLine());
        return figures;
    }

    /** What a restart builds anew, as Jenkins would after starting again: the queue source and the GitHub sink. */
    private DrainSetup setup(ApiGatewayEmulator api, GheSimulator ghe, DrainSettings drainSettings) throws IOException {
        QueueSource queue = new ObservedQueue(new ApiGatewayQueueSource(api.apiUrl(), ApiGatewayEmulator.API_KEY,
                ApiGatewayQueueSource.newTransport(DIRECT), CALL_DEADLINE,
                VISIBILITY_SECONDS), deleted -> deleted.forEach(message -> deletedDeliveries.add(delivery(
                        message.messageId(), message.receiveCount()))));
        StatusSink github = new GitHubStatusSink(DIRECT, ghe.apiUrl(), TOKEN, CALL_DEADLINE, CALL_DEADLINE);
        StatusSink stopping = new StatusSink() {
            @Override
            public PostResult post(CommitStatus status) {
                if (postsThisPass.incrementAndGet() == stopAtPost) {
                    stoppedThisPass = service.stopCurrentPass("soak: the drain service stops");
                }
                return github.post(status);
            }

            @Override
            public String probe() throws IOException {
                return github.probe();
            }
        };
        return new DrainSetup(queue, stopping, new EventDecoder("ghe.example.com"),
                new StatusMapper(StateMapping.DEFAULTS, null, null), drainSettings);
    }

    /** A few faults of random kinds for the next pass; every kind comes once before any comes again. */
    private void injectFaults(ApiGatewayEmulator api, GheSimulator ghe) {
        if (kindsNotYetInjected.isEmpty()) {
            for (int kind = 0; kind < FAULT_KINDS; kind++) {
                kindsNotYetInjected.add(kind);
            }
            Collections.shuffle(kindsNotYetInjected, random);
        }
        inject(api, ghe, kindsNotYetInjected.remove(kindsNotYetInjected.size() - 1));
        for (int i = random.nextInt(3); i > 0; i--) {
            inject(api, ghe, random.nextInt(FAULT_KINDS));
        }
    }

    private void inject(ApiGatewayEmulator api, GheSimulator ghe, int kind) {
        int times = 1 + random.nextInt(4);
        switch (kind) {
            case 0 -> inject("GitHub 5xx", times, () -> ghe.failNext(times, 500 + random.nextInt(4)));
            case 1 -> inject("GitHub timeout (no answer)", times, () -> ghe.hangNext(times, Duration.ofSeconds(3)));
            case 2 -> inject("GitHub connection dropped", times, () -> ghe.dropNext(times));
            case 3 -> inject("GitHub slow answers", 1, () -> ghe.latency(Duration.ofMillis(200)));
            case 4 -> inject("GitHub trickled body", times, () -> ghe.trickleNext(times,
                    random.nextBoolean() ? Duration.ofMillis(300) : Duration.ofSeconds(4)));
            case 5 -> inject("GitHub rate limit with Retry-After", times,
                    () -> ghe.secondaryRateLimitNext(times, random.nextBoolean() ? 403 : 429, 1));
            case 6 -> inject("GitHub 401", times, () -> ghe.failNext(times, 401, "Bad credentials"));
            case 7 -> inject("GitHub 403", times,
                    () -> ghe.failNext(times, 403, "Resource not accessible by personal access token"));
            case 8 -> inject("queue 5xx", times, () -> api.failNext(times, Fault.gateway(502 + random.nextInt(3))));
            case 9 -> inject("queue throttled with Retry-After", times,
                    () -> api.failNext(times, Fault.throttled(Duration.ofSeconds(1))));
            case 10 -> inject("queue SQS error", times,
                    () -> api.failNext(times, Fault.sqsError("InternalError", "We encountered an internal error")));
            case 11 -> inject("queue slow answers", 1, () -> api.latency(Duration.ofMillis(200)));
            case 12 -> inject("queue trickled body", times, () -> api.trickleNext(times,
                    random.nextBoolean() ? Duration.ofMillis(300) : Duration.ofSeconds(4)));
            case 13 -> inject("batch delete 503", times, () -> api.failNextOn("POST /message/delete", times,
                    Fault.gateway(503)));
            case 15 -> inject("journal write failing mid-line", 1, disk::cutNextWrite);
            case 17 -> {
                int stretch = 5 * times + random.nextInt(10);
                inject("GitHub HTML 404 from a load balancer, for a stretch of requests", stretch,
                        () -> ghe.htmlNotFoundNext(stretch));
            }
            case 16 -> inject("disk full for a stretch of passes", times, () -> {
                fullDiskPasses += times;
                disk.full(true);
            });
            default -> inject("batch delete SQS error", times, () -> api.failNextOn("POST /message/delete", times,
                    Fault.sqsError("ServiceUnavailable", "Service is unavailable")));
        }
    }

    private void inject(String kind, int times, Runnable fault) {
        fault.run();
        faults.merge(kind, times, Integer::sum);
    }

    private void count(String kind) {
        faults.merge(kind, 1, Integer::sum);
    }

    private static String delivery(String messageId, int receiveCount) {
        return messageId + "#" + receiveCount;
    }

    private Figures figures(SoakPlan plan, DrainHistory history, Set<String> sentIds, GheSimulator ghe, int passes,
            int restarts, Duration longest, Duration bound, int leftInQueue) {
        List<MessageRecord> records = history.snapshot().messages();
        Set<String> finalMessages = new HashSet<>();
        Set<String> finalDeliveries = new HashSet<>();
        for (MessageRecord record : records) {
            if (record.outcome().isFinal()) {
                finalMessages.add(record.messageId());
                finalDeliveries.add(delivery(record.messageId(), record.receiveCount()));
            }
        }
        int lost = (int) sentIds.stream().filter(id -> !finalMessages.contains(id)).count() - leftInQueue;
        int deletedEarly = (int) deletedDeliveries.stream().filter(id -> !finalDeliveries.contains(id)).count();

        List<StoredStatus> statuses = ghe.statuses();
        Map<List<String>, List<StoredStatus>> copies = new HashMap<>();
        for (StoredStatus status : statuses) {
            copies.computeIfAbsent(List.of(status.fullName(), status.sha(), status.context(), status.state(),
                    String.valueOf(status.description()), String.valueOf(status.targetUrl())), k -> new ArrayList<>())
                    .add(status);
        }
        int postedTwice = 0;
        for (List<StoredStatus> same : copies.values()) {
            boolean answered = false;
            for (StoredStatus copy : same) {
                if (answered) {
                    postedTwice++;
                }
                answered |= ghe.answerDelivered(copy);
            }
        }

        Map<Status, StoredStatus> latest = new HashMap<>();
        for (StoredStatus status : statuses) {
            latest.merge(new Status(status.repo(), status.sha(), status.context()), status,
                    (a, b) -> a.id() > b.id() ? a : b);
        }
        int wrong = 0;
        for (Map.Entry<Status, Event> expected : plan.newest().entrySet()) {
            StoredStatus shown = latest.get(expected.getKey());
            Event event = expected.getValue();
            if (shown == null || !shown.state().equals(event.gitHubState())
                    || !shown.targetUrl().endsWith("/builds/" + event.number())) {
                wrong++;
                if (wrong <= 5) {
                    out.println("wrong final state: " + expected.getKey() + " shows " + (shown == null ? "nothing"
                            : shown.state() + " " + shown.description()) + ", expected " + event.gitHubState()
                            + " of build #" + event.number() + " (" + event.state() + ")");
                }
            }
        }
        long outcomes = records.stream().filter(record -> record.outcome() == Outcome.POSTED).count();
        out.println("outcomes: " + outcomes + " posted of " + records.size() + " recorded deliveries");
        return new Figures(plan.deliveries.size(), faults, passes, restarts, statuses.size(), Math.max(0, lost),
                deletedEarly, postedTwice, wrong, longest, bound, leftInQueue);
    }

    /** The queue source as the drain sees it, telling the soak which deliveries it deleted. */
    private static final class ObservedQueue implements QueueSource {
        private final QueueSource queue;
        private final Consumer<List<QueueMessage>> onDeleted;

        ObservedQueue(QueueSource queue, Consumer<List<QueueMessage>> onDeleted) {
            this.queue = queue;
            this.onDeleted = onDeleted;
        }

        @Override
        public List<QueueMessage> receive(int maxMessages, int waitSeconds) throws QueueException {
            return queue.receive(maxMessages, waitSeconds);
        }

        @Override
        public DeleteResult delete(List<QueueMessage> messages) throws QueueException {
            DeleteResult result = queue.delete(messages);
            onDeleted.accept(result.deleted());
            return result;
        }

        @Override
        public void postpone(QueueMessage message, int delaySeconds) throws QueueException {
            queue.postpone(message, delaySeconds);
        }

        @Override
        public int maxBatchSize() {
            return queue.maxBatchSize();
        }

        @Override
        public QueueProbe probe() throws QueueException {
            return queue.probe();
        }

        @Override
        public String describe() {
            return queue.describe();
        }
    }
}
