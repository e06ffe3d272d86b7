package io.jenkins.plugins.statusqueue.benchmark;

import com.amazonaws.services.sqs.model.SendMessageBatchRequest;
import com.amazonaws.services.sqs.model.SendMessageBatchRequestEntry;
import io.jenkins.plugins.statusqueue.drain.DrainService;
import io.jenkins.plugins.statusqueue.drain.DrainSettings;
import io.jenkins.plugins.statusqueue.drain.DrainSetup;
import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import io.jenkins.plugins.statusqueue.sim.GheSimulator;
import io.jenkins.plugins.statusqueue.sim.Sandbox;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The engine against the original worker's algorithm, side by side in one run, through the same API Gateway emulator
 * and a GitHub Enterprise simulator answering in 50 ms. Backlog: messages per second working off a queue of 10,000
 * events, and API Gateway requests per delivered message. Trickle: events arriving one at a time, time from enqueue
 * to status posted. The original worker is measured at its best case, without its 5-second pause between messages
 * (whose cost is reported apart) and on a sample of the backlog, since its rate is the same for every message.
 */
public final class Benchmark {

    private static final int BACKLOG = Integer.getInteger("benchmark.backlog", 10_000);
    private static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", 128);
    private static final Duration BASELINE_BUDGET = Duration.ofSeconds(Long.getLong("benchmark.baselineSeconds", 30));
    private static final int TRICKLE_EVENTS = Integer.getInteger("benchmark.trickle", 40);
    private static final Duration TRICKLE_GAP = Duration.ofMillis(250);
    private static final Duration GHE_LATENCY = Duration.ofMillis(50);
    private static final String REPO = "git@ghe.example.com:acme/web.git";

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        try (ElasticMq mq = ElasticMq.start(); GheSimulator ghe = GheSimulator.start()) {
            ghe.latency(GHE_LATENCY).rateLimit(0, Duration.ofHours(1));
            ghe.repository("acme", "web");
            System.out.printf(Locale.ROOT, "status-queue benchmark: GHE latency %d ms, engine concurrency %d, %d cores%n",
                    GHE_LATENCY.toMillis(), CONCURRENCY, Runtime.getRuntime().availableProcessors());

            Backlog engine = engineBacklog(mq, ghe);
            Backlog original = originalBacklog(mq, ghe);
            System.out.println();
            System.out.println("Backlog of " + BACKLOG + " events");
            System.out.printf(Locale.ROOT, "  engine:   %6d messages in %6.1f s = %8.1f messages/s, %.3f API Gateway "
                    + "requests per message%n", engine.messages, engine.seconds, engine.rate(), engine.requestsPerMessage());
            System.out.printf(Locale.ROOT, "  original: %6d messages in %6.1f s = %8.1f messages/s, %.3f API Gateway "
                    + "requests per message (best case: no pause)%n", original.messages, original.seconds,
                    original.rate(), original.requestsPerMessage());
            System.out.printf(Locale.ROOT, "  the original's 5 s pause after every message would cap it at %.2f "
                    + "messages/s, %.1f hours for this backlog%n", 1 / (1 / original.rate() + 5.0),
                    BACKLOG * (1 / original.rate() + 5.0) / 3600);

            List<Long> engineLatencies = engineTrickle(mq, ghe);
            List<Long> originalLatencies = originalTrickle(mq, ghe);
            System.out.println();
            System.out.println("Trickle of " + TRICKLE_EVENTS + " events, one every " + TRICKLE_GAP.toMillis()
                    + " ms: enqueue to status posted");
            System.out.printf(Locale.ROOT, "  engine:   p50 %5d ms, p99 %5d ms (long polling)%n",
                    percentile(engineLatencies, 50), percentile(engineLatencies, 99));
            System.out.printf(Locale.ROOT, "  original: p50 %5d ms, p99 %5d ms (polling every 5 s when empty)%n",
                    percentile(originalLatencies, 50), percentile(originalLatencies, 99));
            System.out.println();
            System.out.printf(Locale.ROOT, "throughput-ratio %.1f%n", engine.rate() / original.rate());
        }
    }

    private record Backlog(int messages, double seconds, int requests) {
        double rate() {
            return messages / seconds;
        }

        double requestsPerMessage() {
            return (double) requests / messages;
        }
    }

    private static Backlog engineBacklog(ElasticMq mq, GheSimulator ghe) throws Exception {
        String queueUrl = mq.createQueue("engine-backlog");
        enqueue(mq, queueUrl, 0, BACKLOG);
        try (ApiGatewayEmulator api = ApiGatewayEmulator.start(mq, queueUrl, ApiGatewayEmulator.Stack.IMPROVED)) {
            DrainService service = new DrainService(DrainHistory.open(null), Clock.systemUTC());
            DrainSetup setup = Sandbox.setup(api, ghe, new DrainSettings(BACKLOG, Duration.ofMinutes(10), CONCURRENCY, 0,
                    Duration.ofSeconds(60)));
            int before = ghe.statuses().size();
            long started = System.nanoTime();
            while (ghe.statuses().size() - before < BACKLOG) {
                if (service.runPass(setup).received() == 0) {
                    break;
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            return new Backlog(ghe.statuses().size() - before, seconds, api.totalRequests());
        }
    }

    private static Backlog originalBacklog(ElasticMq mq, GheSimulator ghe) throws Exception {
        String queueUrl = mq.createQueue("original-backlog");
        enqueue(mq, queueUrl, BACKLOG, BACKLOG);
        try (ApiGatewayEmulator api = ApiGatewayEmulator.start(mq, queueUrl, ApiGatewayEmulator.Stack.ORIGINAL)) {
            OriginalWorker worker = new OriginalWorker(api.apiUrl(), ApiGatewayEmulator.API_KEY, ghe.apiUrl(),
                    GheSimulator.DEFAULT_TOKEN);
            long started = System.nanoTime();
            long deadline = started + BASELINE_BUDGET.toNanos();
            int messages = 0;
            while (System.nanoTime() < deadline && worker.pollOnce()) {
                messages++;
            }
            return new Backlog(messages, (System.nanoTime() - started) / 1e9, api.totalRequests());
        }
    }

    private static List<Long> engineTrickle(ElasticMq mq, GheSimulator ghe) throws Exception {
        String queueUrl = mq.createQueue("engine-trickle");
        try (ApiGatewayEmulator api = ApiGatewayEmulator.start(mq, queueUrl, ApiGatewayEmulator.Stack.IMPROVED)) {
            DrainService service = new DrainService(DrainHistory.open(null), Clock.systemUTC());
            DrainSetup setup = Sandbox.setup(api, ghe, new DrainSettings(1000, Duration.ofSeconds(5), 8, 5,
                    Duration.ofSeconds(60)));
            AtomicBoolean running = new AtomicBoolean(true);
            Thread drainer = new Thread(() -> {
                while (running.get()) {
                    service.runPass(setup);
                }
            }, "benchmark drainer");
            drainer.start();
            List<Long> latencies = trickle(mq, queueUrl, ghe, 2 * BACKLOG);
            running.set(false);
            drainer.join();
            return latencies;
        }
    }

    private static List<Long> originalTrickle(ElasticMq mq, GheSimulator ghe) throws Exception {
        String queueUrl = mq.createQueue("original-trickle");
        try (ApiGatewayEmulator api = ApiGatewayEmulator.start(mq, queueUrl, ApiGatewayEmulator.Stack.ORIGINAL)) {
            OriginalWorker worker = new OriginalWorker(api.apiUrl(), ApiGatewayEmulator.API_KEY, ghe.apiUrl(),
                    GheSimulator.DEFAULT_TOKEN);
            AtomicBoolean running = new AtomicBoolean(true);
            Thread poller = new Thread(() -> {
                while (running.get()) {
                    try {
                        if (!worker.pollOnce()) {
                            Thread.sleep(OriginalWorker.PAUSE.toMillis());
                        }
                    } catch (InterruptedException e) {
                        return;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }, "benchmark original worker");
            poller.start();
            List<Long> latencies = trickle(mq, queueUrl, ghe, 2 * BACKLOG + TRICKLE_EVENTS);
            running.set(false);
            poller.interrupt();
            poller.join();
            return latencies;
        }
    }

    /**
     * Sends events one at a time and watches the simulator until each has its status; returns enqueue-to-status
     * times. GitHub's timestamps have whole seconds, so the time a status is first seen here is used instead (the
     * watcher looks every 5 ms).
     */
    private static List<Long> trickle(ElasticMq mq, String queueUrl, GheSimulator ghe, int firstCommit)
            throws InterruptedException {
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> seen = new ConcurrentHashMap<>();
        AtomicBoolean watching = new AtomicBoolean(true);
        Thread watcher = new Thread(() -> {
            while (watching.get()) {
                long now = System.nanoTime();
                for (GheSimulator.StoredStatus status : ghe.statuses()) {
                    if (sent.containsKey(status.sha())) {
                        seen.putIfAbsent(status.sha(), now);
                    }
                }
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "benchmark watcher");
        watcher.start();
        for (int i = 0; i < TRICKLE_EVENTS; i++) {
            sent.put(BuildkiteEvents.sha(firstCommit + i), System.nanoTime());
            mq.client().sendMessage(queueUrl, event(firstCommit + i));
            Thread.sleep(TRICKLE_GAP.toMillis());
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (seen.size() < TRICKLE_EVENTS && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        watching.set(false);
        watcher.join();
        List<Long> latencies = new ArrayList<>();
        seen.forEach((sha, when) -> latencies.add((when - sent.get(sha)) / 1_000_000));
        return latencies;
    }

    private static long percentile(List<Long> values, int percent) {
        if (values.isEmpty()) {
            return -1;
        }
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static void enqueue(ElasticMq mq, String queueUrl, int firstCommit, int count) {
        for (int i = 0; i < count; i += 10) {
            List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
            for (int j = i; j < Math.min(count, i + 10); j++) {
                entries.add(new SendMessageBatchRequestEntry(Integer.toString(j), event(firstCommit + j)));
            }
            mq.client().sendMessageBatch(new SendMessageBatchRequest(queueUrl, entries));
        }
    }

    private static String event(int commit) {
        return BuildkiteEvents.build().number(commit + 1).commit(BuildkiteEvents.sha(commit)).repo(REPO).envelope();
    }
}
