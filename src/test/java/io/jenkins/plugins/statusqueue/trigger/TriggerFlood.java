package io.jenkins.plugins.statusqueue.trigger;

import com.amazonaws.services.sqs.model.SendMessageBatchRequestEntry;
import io.jenkins.plugins.statusqueue.queue.SqsQueueSource;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A flood on one trigger queue: thousands of messages through ElasticMQ into three jobs, one with a choice parameter,
 * with the hostile payloads of issue 18 among them, while a simulated Jenkins build queue starts each job's builds at
 * its own pace and stalls the deploy job's now and then. The trigger's own poller reads the queue, with the default
 * limits (10 waiting builds a job, 64 KiB read of a message, 256 fields) and no rate limit.
 * <p>
 * Checks: no job ever has more builds waiting than the cap; no message is lost (each gets a build from every job it
 * is for, once, unless a parameter refused its value or it broke a bound for that job, or it is still in the queue);
 * the hostile payloads are not mapped by the jobs that read JSON and are built, environment capped, by the one that
 * reads nothing; the heap (live, after a collection) stays small. {@code mvn -B -Pflood} runs 10,000 messages
 * ({@code -Dflood.messages=N}, {@code -Dflood.seed=S}); {@code TriggerFloodTest} runs a short one in
 * {@code mvn verify}. The last line reads {@code flood N messages, L lost, W max waiting builds per job (cap C), H MiB
 * heap peak}.
 */
public final class TriggerFlood {

    /** What a run found. */
    /**
     * What a run found.
     *
     * @param hostileHandled the hostile payloads built by the raw job alone and shown on the status page as over a
     *                       bound; -1 when the status page showed none
     */
    public record Figures(int messages, int lost, int duplicates, int maxWaiting, int cap, long heapPeakMiB,
            int leftInQueue, int hostileSent, int hostileHandled, int envOverCap, String lastLine) {

        public boolean clean() {
            return lost == 0 && duplicates == 0 && maxWaiting <= cap && leftInQueue == 0 && envOverCap == 0
                    && hostileHandled == hostileSent;
        }
    }

    static final String AUDIT = "team-a/audit";
    static final String BUILD = "team-a/build";
    static final String DEPLOY = "team-b/deploy";
    private static final List<String> CHOICES = List.of("staging", "prod");

    /** One job and its builds in the simulated Jenkins queue. */
    private static final class SimulatedJob {
        final String name;
        /** How many waiting builds the simulated executors start each millisecond tick. */
        final int startsPerTick;
        /** Stalls (no build starts) for this many milliseconds out of every {@code 3 *} as many; 0: never. */
        final long stallMillis;
        final AtomicInteger waiting = new AtomicInteger();
        final AtomicInteger maxWaiting = new AtomicInteger();
        final Map<Integer, AtomicInteger> builds = new ConcurrentHashMap<>();

        SimulatedJob(String name, int startsPerTick, long stallMillis) {
            this.name = name;
            this.startsPerTick = startsPerTick;
            this.stallMillis = stallMillis;
        }

        void schedule(int seq) {
            maxWaiting.accumulateAndGet(waiting.incrementAndGet(), Math::max);
            builds.computeIfAbsent(seq, key -> new AtomicInteger()).incrementAndGet();
        }

        void tick(long elapsedMillis) {
            if (stallMillis > 0 && elapsedMillis % (3 * stallMillis) < stallMillis) {
                return;
            }
            for (int i = 0; i < startsPerTick; i++) {
                waiting.updateAndGet(count -> Math.max(0, count - 1));
            }
        }
    }

    private final int messages;
    private final long seed;
    private final PrintStream out;
    /** The default cap and bounds; no rate limit, which would only stretch the run (QueuePollerLimitsTest tests it). */
    private final TriggerLimits limits = new TriggerLimits(TriggerLimits.DEFAULT_WAITING_BUILDS, 0,
            MessageBounds.DEFAULT);
    private final AtomicInteger envOverCap = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final Map<Integer, String> kinds = new ConcurrentHashMap<>();

    private TriggerFlood(int messages, long seed, PrintStream out) {
        this.messages = messages;
        this.seed = seed;
        this.out = out;
    }

    public static void main(String[] args) throws Exception {
        Figures figures = run(Integer.getInteger("flood.messages", 10_000), Long.getLong("flood.seed",
                System.nanoTime()), System.out);
        System.exit(figures.clean() ? 0 : 1);
    }

    public static Figures run(int messages, long seed, PrintStream out) throws Exception {
        return new TriggerFlood(messages, seed, out).run();
    }

    private Figures run() throws Exception {
        out.println("flood seed " + seed + " (replay: mvn -B -Pflood -Dflood.seed=" + seed + " -Dflood.messages="
                + messages + ")");
        SimulatedJob audit = new SimulatedJob(AUDIT, 1, 0);
        SimulatedJob build = new SimulatedJob(BUILD, 1, 0);
        SimulatedJob deploy = new SimulatedJob(DEPLOY, 1, 400);
        List<SimulatedJob> jobs = List.of(audit, build, deploy);
        AtomicLong heapPeak = new AtomicLong();
        long started = System.nanoTime();
        try (ElasticMq mq = ElasticMq.start()) {
            String queueUrl = mq.createQueue("flood", Map.of("VisibilityTimeout", "30"));
            SqsQueueSource source = new SqsQueueSource(mq.newClient(), queueUrl, 30);
            QueuePoller poller = new QueuePoller(() -> source, "flood queue", limits, DeliveryLedger.open(null,
                    100_000), new ActivityLog(Clock.systemUTC()), Clock.systemUTC(), Duration.ofSeconds(1));
            poller.subscribe(subscriber(audit, MessageFilter.ALL, StandardMappers.RAW, List.of()));
            poller.subscribe(subscriber(build, MessageFilter.jsonPath("$.kind", "build"), StandardMappers.JSON_FIELDS,
                    List.of()));
            poller.subscribe(subscriber(deploy, MessageFilter.jsonPath("$.kind", "deploy"),
                    StandardMappers.JSON_FIELDS, List.of("target")));
            Thread pollerThread = new Thread(poller::run, "flood poller");
            Thread jenkins = new Thread(() -> simulateJenkins(jobs, started), "simulated Jenkins queue");
            Thread heap = new Thread(() -> sampleHeap(heapPeak), "heap sampler");
            jenkins.setDaemon(true);
            heap.setDaemon(true);
            pollerThread.start();
            jenkins.start();
            heap.start();

            int hostile = send(mq, queueUrl);
            out.printf(Locale.ROOT, "sent %,d messages (%d hostile) in %.1f s%n", messages, hostile,
                    (System.nanoTime() - started) / 1e9);
            long deadline = System.nanoTime() + Duration.ofMinutes(Math.max(2, messages / 1000)).toNanos();
            while (System.nanoTime() < deadline && !(allBuilt(jobs) && mq.depth(queueUrl) == 0)) {
                Thread.sleep(200);
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            poller.stop();
            pollerThread.join(30_000);
            jenkins.interrupt();
            heap.interrupt();
            sampleHeapOnce(heapPeak);

            int left = mq.depth(queueUrl);
            int lost = 0;
            int duplicates = 0;
            for (int seq = 0; seq < messages; seq++) {
                for (SimulatedJob job : jobs) {
                    int built = builds(job, seq);
                    if (built > 1) {
                        duplicates++;
                    }
                    if (expects(job, kinds.get(seq)) && built == 0) {
                        lost++;
                    }
                }
            }
            int hostileHandled = 0;
            for (Map.Entry<Integer, String> entry : kinds.entrySet()) {
                if (entry.getValue().equals("hostile") && builds(audit, entry.getKey()) == 1
                        && builds(build, entry.getKey()) + builds(deploy, entry.getKey()) == 0) {
                    hostileHandled++;
                }
            }
            boolean overBoundLogged = poller.problems().stream()
                    .anyMatch(problem -> problem.category() == ErrorCategory.OVER_BOUND);
            int maxWaiting = jobs.stream().mapToInt(job -> job.maxWaiting.get()).max().orElse(0);
            for (SimulatedJob job : jobs) {
                out.printf(Locale.ROOT, "%-15s %,6d builds, at most %d waiting%n", job.name, job.builds.size(),
                        job.maxWaiting.get());
            }
            out.printf(Locale.ROOT, "%.1f s, %,.0f messages/s; %,d holds for a full job; %d values refused by the "
                    + "choice parameter; %d of %d hostile payloads built by the raw job alone, over a bound for the "
                    + "JSON jobs%s (bounds: %d characters, %d fields, %d levels); %d environment values over %d "
                    + "bytes; %d left in the queue, %d built twice%n", seconds, messages / seconds,
                    poller.heldCount(), refused.get(), hostileHandled, hostile,
                    overBoundLogged ? " and on the status page" : "",
                    limits.bounds().maxBodyChars(), limits.bounds().maxFields(), limits.bounds().maxDepth(),
                    envOverCap.get(), ParameterSplit.MAX_VALUE_BYTES, left, duplicates);
            long heapMiB = heapPeak.get() >> 20;
            String lastLine = String.format(Locale.ROOT, "flood %d messages, %d lost, %d max waiting builds per job "
                    + "(cap %d), %d MiB heap peak", messages, lost, maxWaiting, limits.maxWaitingBuilds(), heapMiB);
            out.println(lastLine);
            return new Figures(messages, lost, duplicates, maxWaiting, limits.maxWaitingBuilds(), heapMiB, left,
                    hostile, overBoundLogged || hostile == 0 ? hostileHandled : -1, envOverCap.get(), lastLine);
        }
    }

    private static int builds(SimulatedJob job, int seq) {
        AtomicInteger count = job.builds.get(seq);
        return count == null ? 0 : count.get();
    }

    /** The job's builds: the message's typed value for a choice parameter, its environment within the caps. */
    private QueuePoller.Subscriber subscriber(SimulatedJob job, MessageFilter filter, MessageMapper mapper,
            List<String> parameters) {
        return new QueuePoller.Subscriber(job.name, false, filter, mapper, () -> true, job.waiting::get,
                (message, values) -> {
                    ParameterSplit split = ParameterSplit.of(values, parameters);
                    String target = split.parameters().get("target");
                    if (parameters.contains("target") && target != null && !CHOICES.contains(target)) {
                        refused.incrementAndGet();
                        throw new BuildRefusedException("parameter 'target' refused the message's value",
                                "parameter 'target': Illegal choice for parameter target: " + target);
                    }
                    for (String value : split.environment().values()) {
                        if (value.getBytes(StandardCharsets.UTF_8).length > ParameterSplit.MAX_VALUE_BYTES) {
                            envOverCap.incrementAndGet();
                        }
                    }
                    job.schedule(seqOf(values.get(StandardMappers.BODY)));
                    return true;
                });
    }

    /** Every body starts with {@code {"seq":N,}. */
    private static int seqOf(String body) {
        int start = "{\"seq\":".length();
        return Integer.parseInt(body.substring(start, body.indexOf(',', start)));
    }

    /** Sends every message in batches of ten: builds, deploys (some to a target no choice offers), others, hostile. */
    private int send(ElasticMq mq, String queueUrl) {
        Random random = new Random(seed);
        int hostile = 0;
        List<SendMessageBatchRequestEntry> batch = new ArrayList<>();
        for (int seq = 0; seq < messages; seq++) {
            String kind;
            String body;
            if (seq % 250 == 125) {
                kind = "hostile";
                body = "{\"seq\":" + seq + "," + ((seq / 250) % 2 == 0 ? HostilePayloadsTest.clashingKeys()
                        : HostilePayloadsTest.caseVariants()).substring(1);
                hostile++;
            } else {
                int dice = random.nextInt(100);
                kind = dice < 45 ? "build" : dice < 80 ? "deploy" : "other";
                String target = dice < 78 ? CHOICES.get(random.nextInt(2)) : "evil";
                body = "{\"seq\":" + seq + ",\"kind\":\"" + kind + "\",\"target\":\"" + target + "\",\"commit\":\""
                        + Long.toHexString(random.nextLong()) + "\"}";
                if (kind.equals("deploy") && target.equals("evil")) {
                    kind = "refused";
                }
            }
            kinds.put(seq, kind);
            batch.add(new SendMessageBatchRequestEntry(Integer.toString(seq), body));
            if (batch.size() == 10 || seq == messages - 1) {
                mq.client().sendMessageBatch(queueUrl, batch);
                batch = new ArrayList<>();
            }
        }
        return hostile;
    }

    /** Whether the job must build the message of this kind. */
    private static boolean expects(SimulatedJob job, String kind) {
        return switch (job.name) {
            case AUDIT -> true;
            case BUILD -> kind.equals("build");
            case DEPLOY -> kind.equals("deploy");
            default -> false;
        };
    }

    private boolean allBuilt(List<SimulatedJob> jobs) {
        for (SimulatedJob job : jobs) {
            long expected = kinds.values().stream().filter(kind -> expects(job, kind)).count();
            if (job.builds.size() < expected) {
                return false;
            }
        }
        return true;
    }

    private static void simulateJenkins(List<SimulatedJob> jobs, long started) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                long elapsed = (System.nanoTime() - started) / 1_000_000;
                jobs.forEach(job -> job.tick(elapsed));
                Thread.sleep(1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The live heap after a collection, once a second: what the flood keeps, not the garbage it makes. */
    private static void sampleHeap(AtomicLong peak) {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                sampleHeapOnce(peak);
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sampleHeapOnce(AtomicLong peak) {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        peak.accumulateAndGet(runtime.totalMemory() - runtime.freeMemory(), Math::max);
    }
}
