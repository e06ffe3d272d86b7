package io.jenkins.plugins.statusqueue.benchmark;

import static io.jenkins.plugins.statusqueue.http.HttpClientFactory.DIRECT;

import io.jenkins.plugins.statusqueue.drain.DrainLimit;
import io.jenkins.plugins.statusqueue.drain.DrainLoop;
import io.jenkins.plugins.statusqueue.drain.DrainService;
import io.jenkins.plugins.statusqueue.drain.DrainSettings;
import io.jenkins.plugins.statusqueue.drain.DrainSetup;
import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.history.Outcome;
import io.jenkins.plugins.statusqueue.history.PassRecord;
import io.jenkins.plugins.statusqueue.queue.ApiGatewayQueueSource;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import io.jenkins.plugins.statusqueue.sim.GheSimulator;
import io.jenkins.plugins.statusqueue.sim.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * The engine against the original worker's algorithm, through the same API Gateway emulator and a GitHub Enterprise
 * simulator answering in 50 ms, with the simulated stack in a JVM of its own ({@link Rig}). Backlog: messages per
 * second working off a queue filled before the clock starts, for 10, 1,000 and 100,000 distinct repositories and
 * contexts, with the engine's own CPU and allocation per message and the rig's share of the CPU. Trickle: events
 * one at a time, enqueue to status stored, beside the floor. Idle: what an empty queue costs. The original worker is
 * measured at its best case, without its 5-second pause (whose cost is printed apart), on a sample of the backlog,
 * since its rate is the same for every message. The last two lines are {@code engine-cpu-us-per-message X} and
 * {@code throughput-ratio X}.
 */
public final class Benchmark {

    private static final int BACKLOG = Integer.getInteger("benchmark.backlog", 10_000);
    /** Messages the engine works off before anything is measured, so that figures are of JIT-compiled code. */
    private static final int WARM_UP = Integer.getInteger("benchmark.warmUp", 5_000);
    /** The most an administrator can configure (Concurrent status posts). */
    private static final int CONCURRENCY = Integer.getInteger("benchmark.concurrency", DrainLimit.CONCURRENCY.max());
    private static final int[] DISTINCT = Arrays.stream(System.getProperty("benchmark.distinct", "10,1000,100000")
            .split(",")).mapToInt(Integer::parseInt).toArray();
    private static final Duration BASELINE_BUDGET = Duration.ofSeconds(Long.getLong("benchmark.baselineSeconds", 30));
    private static final int TRICKLE_EVENTS = Integer.getInteger("benchmark.trickle", 40);
    private static final Duration TRICKLE_GAP = Duration.ofMillis(250);
    private static final Duration IDLE = Duration.ofSeconds(Long.getLong("benchmark.idleSeconds", 60));
    /** Messages timed to learn what one receive costs, after as many to warm the connection up. */
    private static final int RECEIVE_PROBES = 20;
    private static final Path WORK = Path.of("target", "benchmark");

    /** Commits are numbered across scenarios, so that every event of the run has a SHA of its own. */
    private static int nextCommit;

    private Benchmark() {
    }

    public static void main(String[] args) throws Exception {
        deleteRecursively(WORK);
        Files.createDirectories(WORK);
        try (RigProcess rig = RigProcess.start(WORK.resolve("rig.log")); EngineMeter meter = new EngineMeter()) {
            int cores = Runtime.getRuntime().availableProcessors();
            double limit = CONCURRENCY / (Rig.GHE_LATENCY.toMillis() / 1000.0);
            System.out.printf(Locale.ROOT, "status-queue benchmark, %s: %d cores (%s), Java %s; GHE simulator answers "
                    + "in %d ms; engine concurrency %d%n", Instant.now().truncatedTo(ChronoUnit.SECONDS), cores,
                    cpuModel(), System.getProperty("java.version"), Rig.GHE_LATENCY.toMillis(), CONCURRENCY);
            System.out.println("The simulated stack (ElasticMQ, API Gateway emulator, GHE simulator) runs in its own "
                    + "JVM (pid " + rig.pid() + ").");
            System.out.println("Engine CPU and allocation: the engine's threads (status-queue *; its HTTP client works "
                    + "on them) from the JVM's per-thread counters, sampled every " + EngineMeter.SAMPLE_MILLIS
                    + " ms.");

            Backlog original = originalBacklog(rig);
            WarmUp warmUp = warmUp(rig, meter);
            List<Backlog> engine = new ArrayList<>();
            for (int distinct : DISTINCT) {
                engine.add(engineBacklog(rig, meter, Math.max(BACKLOG, distinct), distinct));
            }
            System.out.println();
            System.out.printf(Locale.ROOT, "Backlog, filled before the clock starts, after the engine worked off %,d "
                    + "events to warm up (rounds of %,d until its CPU per message stopped falling: %.0f µs in the last); "
                    + "latency-bound limit %.0f messages/s (%d posts in flight / %d ms)%n", warmUp.events(), WARM_UP,
                    warmUp.lastMicrosPerMessage(),
                    limit, CONCURRENCY, Rig.GHE_LATENCY.toMillis());
            System.out.printf(Locale.ROOT, "  original, %d repositories: %.1f messages/s (best case: no pause; %d "
                    + "messages in %.1f s), %.2f API Gateway requests per message%n", original.distinct,
                    original.rate(), original.messages, original.cost.seconds(), original.apiRequestsPerMessage());
            System.out.printf(Locale.ROOT, "    its 5 s pause after every message would cap it at %.2f messages/s, %.1f "
                    + "hours for %d events%n", 1 / (1 / original.rate() + 5.0),
                    BACKLOG * (1 / original.rate() + 5.0) / 3600, BACKLOG);
            for (Backlog run : engine) {
                print(run, limit, cores, original);
            }

            System.out.println();
            Trickle trickle = trickle(rig, meter);
            System.out.printf(Locale.ROOT, "Trickle of %d events to one repository, one every %d ms, after one warm-up "
                    + "event: enqueue to status stored%n", TRICKLE_EVENTS, TRICKLE_GAP.toMillis());
            System.out.printf(Locale.ROOT, "  floor: %d ms GHE latency + %.1f ms for one receive = %.1f ms%n",
                    Rig.GHE_LATENCY.toMillis(), trickle.receiveMillis, trickle.floorMillis());
            System.out.printf(Locale.ROOT, "  engine:   p50 %6.1f ms (floor + %.1f ms), p99 %6.1f ms (long polling); "
                    + "engine threads %.0f µs CPU per message, its long polls included%n", trickle.engine.p50(),
                    trickle.engine.p50() - trickle.floorMillis(), trickle.engine.p99(),
                    trickle.engineCost.engineCpuMicrosPer(trickle.engine.count()));
            System.out.printf(Locale.ROOT, "  original: p50 %6.1f ms, p99 %6.1f ms (polling every 5 s when empty)%n",
                    trickle.original.p50(), trickle.original.p99());

            System.out.println();
            idle(rig, meter);

            Backlog headline = engine.get(0);
            System.out.println();
            System.out.printf(Locale.ROOT, "engine-cpu-us-per-message %.0f%n",
                    headline.cost.engineCpuMicrosPer(headline.messages));
            System.out.printf(Locale.ROOT, "throughput-ratio %.1f%n", headline.rate() / original.rate());
        }
    }

    /** One backlog worked off: messages delivered, what the engine used, what the rig served and used. */
    private record Backlog(int distinct, int messages, EngineMeter.Cost cost, RigProcess.Stats rig) {
        double rate() {
            return messages / cost.seconds();
        }

        double apiRequestsPerMessage() {
            return (double) rig.apiGatewayRequests() / messages;
        }
    }

    private static void print(Backlog run, double limit, int cores, Backlog original) {
        EngineMeter.Cost cost = run.cost;
        System.out.printf(Locale.ROOT, "  engine, %,d events over %,d repositories and contexts: %.1f messages/s = "
                + "%.1f%% of the limit, %.0fx the original%n", run.messages, run.distinct, run.rate(),
                100 * run.rate() / limit, run.rate() / original.rate());
        System.out.printf(Locale.ROOT, "    %.1f s; %.2f API Gateway and %.2f GHE requests per message%n",
                cost.seconds(), run.apiRequestsPerMessage(), (double) run.rig.gheRequests() / run.messages);
        System.out.printf(Locale.ROOT, "    engine threads: %.0f µs CPU and %.1f KiB allocated per message; the "
                + "engine's whole JVM (with GC and JIT): %.0f µs CPU per message%n",
                cost.engineCpuMicrosPer(run.messages), cost.engineKilobytesPer(run.messages),
                cost.jvmCpuMicrosPer(run.messages));
        System.out.println("    engine threads' CPU: " + cost.breakdown());
        double rigSeconds = run.rig.cpuNanos() / 1e9;
        double jvmSeconds = cost.jvmCpuNanos() / 1e9;
        double machineSeconds = cost.machineBusyTicks() / EngineMeter.MachineCpu.TICKS_PER_SECOND;
        System.out.printf(Locale.ROOT, "    CPU: rig %.1f s, engine JVM %.1f s: the rig's share %.0f%%; the machine "
                + "was %.0f%% busy (of %d cores), %.1f s of it other processes%n", rigSeconds, jvmSeconds,
                100 * rigSeconds / (rigSeconds + jvmSeconds), 100 * machineSeconds / (cores * cost.seconds()), cores,
                Math.max(0, machineSeconds - rigSeconds - jvmSeconds));
    }

    /**
     * Works off rounds of {@link #WARM_UP} events until the engine's CPU per message stops falling (at most eight
     * rounds): a scenario measured while the JIT compiler still works on the engine's code pays for it twice, in the
     * compiler's threads and in the engine's, which still run less optimised code.
     *
     * @return the events worked off, and the engine's CPU per message in the last round
     */
    private static WarmUp warmUp(RigProcess rig, EngineMeter meter) throws Exception {
        int events = 0;
        double previous = Double.MAX_VALUE;
        double last;
        while (true) {
            last = engineBacklog(rig, meter, WARM_UP, DISTINCT[0]).cost.engineCpuMicrosPer(WARM_UP);
            events += WARM_UP;
            if (last > 0.95 * previous || events >= 8 * WARM_UP) {
                return new WarmUp(events, last);
            }
            previous = last;
        }
    }

    private record WarmUp(int events, double lastMicrosPerMessage) {
    }

    private static Backlog originalBacklog(RigProcess rig) throws Exception {
        String name = "original-backlog";
        String api = rig.queue(name, ApiGatewayEmulator.Stack.ORIGINAL.name());
        int distinct = DISTINCT[0];
        int first = commits(BACKLOG);
        rig.fill(name, first, BACKLOG, distinct);
        OriginalWorker worker = new OriginalWorker(api, ApiGatewayEmulator.API_KEY, rig.gheApiUrl(),
                GheSimulator.DEFAULT_TOKEN);
        RigProcess.Stats before = rig.stats(name);
        long started = System.nanoTime();
        long deadline = started + BASELINE_BUDGET.toNanos();
        int messages = 0;
        while (System.nanoTime() < deadline && worker.pollOnce()) {
            messages++;
        }
        return new Backlog(distinct, messages, EngineMeter.Cost.elapsed((System.nanoTime() - started) / 1e9),
                minus(rig.stats(name), before));
    }

    private static Backlog engineBacklog(RigProcess rig, EngineMeter meter, int count, int distinct) throws Exception {
        String name = "engine-backlog-" + nextCommit;
        String api = rig.queue(name, ApiGatewayEmulator.Stack.IMPROVED.name());
        rig.fill(name, commits(count), count, distinct);
        DrainService service = service(name);
        DrainSetup setup = Sandbox.setup(api, rig.gheApiUrl(), new DrainSettings(count, Duration.ofMinutes(10),
                CONCURRENCY, 0, Duration.ofSeconds(60)));
        RigProcess.Stats before = rig.stats(name);
        EngineMeter.Window window = meter.start();
        int posted = onPassThread(() -> {
            int delivered = 0;
            while (delivered < count) {
                PassRecord pass = service.runPass(setup);
                delivered += pass.count(Outcome.POSTED);
                if (pass.received() == 0) {
                    break;
                }
            }
            return delivered;
        });
        EngineMeter.Cost cost = window.stop();
        RigProcess.Stats served = minus(rig.stats(name), before);
        if (posted != count || served.statuses() != count) {
            throw new IllegalStateException("engine posted " + posted + " and the simulator stored "
                    + served.statuses() + " of " + count + " statuses; outcomes " + service.snapshot().totals()
                    + ", for example " + service.snapshot().messages().stream()
                            .filter(message -> message.outcome() != Outcome.POSTED).findFirst().orElse(null));
        }
        return new Backlog(distinct, posted, cost, served);
    }

    /** Enqueue-to-stored times of one trickle, in milliseconds. */
    private record Latencies(List<Double> millis) {
        static Latencies ofMicros(List<Long> micros) {
            return new Latencies(micros.stream().map(us -> us / 1000.0).sorted().toList());
        }

        int count() {
            return millis.size();
        }

        double p50() {
            return percentile(50);
        }

        double p99() {
            return percentile(99);
        }

        private double percentile(int percent) {
            if (millis.isEmpty()) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(percent / 100.0 * millis.size()) - 1;
            return millis.get(Math.max(0, Math.min(millis.size() - 1, index)));
        }
    }

    private record Trickle(double receiveMillis, Latencies engine, EngineMeter.Cost engineCost, Latencies original) {
        double floorMillis() {
            return Rig.GHE_LATENCY.toMillis() + receiveMillis;
        }
    }

    private static Trickle trickle(RigProcess rig, EngineMeter meter) throws Exception {
        double receiveMillis = oneReceiveMillis(rig);

        String engineQueue = "engine-trickle";
        String engineApi = rig.queue(engineQueue, ApiGatewayEmulator.Stack.IMPROVED.name());
        DrainService service = service(engineQueue);
        DrainSetup setup = Sandbox.setup(engineApi, rig.gheApiUrl(), new DrainSettings(1000, Duration.ofSeconds(5), 8,
                5, Duration.ofSeconds(60)));
        AtomicReference<EngineMeter.Cost> engineCost = new AtomicReference<>();
        Latencies engine = whileRunning("status-queue pass", () -> service.runPass(setup), () -> {
            rig.trickle(engineQueue, commits(1), 1, 0);
            EngineMeter.Window window = meter.start();
            List<Long> micros = rig.trickle(engineQueue, commits(TRICKLE_EVENTS), TRICKLE_EVENTS,
                    TRICKLE_GAP.toMillis());
            engineCost.set(window.stop());
            return Latencies.ofMicros(micros);
        });

        String originalQueue = "original-trickle";
        OriginalWorker worker = new OriginalWorker(rig.queue(originalQueue, ApiGatewayEmulator.Stack.ORIGINAL.name()),
                ApiGatewayEmulator.API_KEY, rig.gheApiUrl(), GheSimulator.DEFAULT_TOKEN);
        Latencies original = whileRunning("benchmark original worker", () -> {
            if (!worker.pollOnce()) {
                Thread.sleep(OriginalWorker.PAUSE.toMillis());
            }
        }, () -> {
            rig.trickle(originalQueue, commits(1), 1, 0);
            return Latencies.ofMicros(rig.trickle(originalQueue, commits(TRICKLE_EVENTS), TRICKLE_EVENTS,
                    TRICKLE_GAP.toMillis()));
        });
        return new Trickle(receiveMillis, engine, engineCost.get(), original);
    }

    /** The median time of one receive through the engine's queue source when a message is waiting. */
    private static double oneReceiveMillis(RigProcess rig) throws Exception {
        String name = "receive-probe";
        String api = rig.queue(name, ApiGatewayEmulator.Stack.IMPROVED.name());
        rig.fill(name, commits(2 * RECEIVE_PROBES), 2 * RECEIVE_PROBES, 1);
        ApiGatewayQueueSource source = new ApiGatewayQueueSource(DIRECT, api, ApiGatewayEmulator.API_KEY);
        List<Double> millis = new ArrayList<>();
        for (int i = 0; i < 2 * RECEIVE_PROBES; i++) {
            long started = System.nanoTime();
            List<QueueMessage> received = source.receive(1, 0);
            if (i >= RECEIVE_PROBES && received.size() == 1) {
                millis.add((System.nanoTime() - started) / 1e6);
            }
        }
        millis.sort(Comparator.naturalOrder());
        return millis.get(millis.size() / 2);
    }

    /** An empty queue drained as the plugin drains it: its drain thread, with the default settings. */
    private static void idle(RigProcess rig, EngineMeter meter) throws Exception {
        String name = "engine-idle";
        String api = rig.queue(name, ApiGatewayEmulator.Stack.IMPROVED.name());
        Path home = WORK.resolve(name);
        DrainService service = service(name);
        DrainSetup setup = Sandbox.setup(api, rig.gheApiUrl(), DrainSettings.DEFAULTS);
        Duration interval = Duration.ofSeconds(DrainLimit.INTERVAL_SECONDS.defaultValue());
        DrainLoop loop = new DrainLoop(service, () -> new DrainLoop.Schedule() {
            @Override
            public boolean enabled() {
                return true;
            }

            @Override
            public Duration interval() {
                return interval;
            }

            @Override
            public DrainSetup setup() {
                return setup;
            }
        }, line -> { });
        // The API root is verified once per URL and token, at the first pass: not a cost of an idle hour.
        setup.sink().setupProblem();
        Map<Path, String> filesBefore = files(home);
        RigProcess.Stats before = rig.stats(name);
        EngineMeter.DiskWrites writtenBefore = EngineMeter.DiskWrites.ofEngineThreads();
        EngineMeter.Window window = meter.start();
        loop.start();
        Thread.sleep(IDLE.toMillis());
        EngineMeter.DiskWrites writtenAfter = EngineMeter.DiskWrites.ofEngineThreads();
        EngineMeter.Cost cost = window.stop();
        loop.stop();
        RigProcess.Stats served = minus(rig.stats(name), before);
        double perHour = 3600 / cost.seconds();
        System.out.printf(Locale.ROOT, "Idle: an empty queue for %.0f s, drained by the plugin's drain thread with its "
                + "defaults (a pass due every %d s, long polls of %d s)%n", cost.seconds(), interval.toSeconds(),
                DrainSettings.DEFAULTS.longPollSeconds());
        System.out.printf(Locale.ROOT, "  queue requests: %.0f per hour (%d); GHE requests: %d%n",
                served.apiGatewayRequests() * perHour, served.apiGatewayRequests(), served.gheRequests());
        System.out.printf(Locale.ROOT, "  CPU: engine threads %.2f s per hour, the engine's whole JVM %.2f s per hour"
                + "%n", cost.engineCpuNanos() / 1e9 * perHour, cost.jvmCpuNanos() / 1e9 * perHour);
        Map<Path, String> filesAfter = files(home);
        Map<String, Long> written = writtenAfter.since(writtenBefore);
        long bytes = written.values().stream().mapToLong(Long::longValue).sum();
        // A thread that starts threads updates the JVM's counters in its memory-mapped perf-data file
        // (/tmp/hsperfdata_*): the kernel may charge it that page, which is not the engine's writing.
        System.out.printf(Locale.ROOT, "  disk: the history and journal directory has %d bytes in files written since "
                + "the start%s; the engine's threads were charged %s bytes of writes to storage%s (write_bytes of "
                + "/proc/self/task/*/io: whole pages, including any page of the JVM's perf-data file that a thread "
                + "starting threads dirties)%n", bytesWritten(filesBefore, filesAfter),
                changed(filesBefore, filesAfter).isEmpty() ? "" : " " + changed(filesBefore, filesAfter),
                writtenAfter.available() ? Long.toString(bytes) : "(unknown)",
                written.isEmpty() ? "" : " " + written);
    }

    /** A service keeping its history and ledger journal in files, as the plugin does in JENKINS_HOME. */
    private static DrainService service(String name) {
        Path home = WORK.resolve(name);
        return new DrainService(DrainHistory.open(home.resolve("history.json")),
                home.resolve("posted-statuses.journal"), Clock.systemUTC());
    }

    /** Runs {@code work} on a thread named as the engine's, as Jenkins runs passes on its periodic-work thread. */
    private static <T> T onPassThread(Callable<T> work) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread thread = new Thread(() -> {
            try {
                result.set(work.call());
            } catch (Exception e) {
                failure.set(e);
            }
        }, "status-queue pass");
        thread.start();
        thread.join();
        if (failure.get() != null) {
            throw failure.get();
        }
        return result.get();
    }

    @FunctionalInterface
    private interface Step {
        void run() throws Exception;
    }

    /** Repeats {@code step} on a thread of its own while {@code measure} runs, then stops it. */
    private static <T> T whileRunning(String threadName, Step step, Callable<T> measure) throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Thread loop = new Thread(() -> {
            while (running.get()) {
                try {
                    step.run();
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }, threadName);
        loop.start();
        try {
            return measure.call();
        } finally {
            running.set(false);
            loop.join();
        }
    }

    /** The processor's name from /proc/cpuinfo, or the architecture where there is none. */
    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).map(line -> line.replaceFirst(".*:\\s*", ""))
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException e) {
            return System.getProperty("os.arch");
        }
    }

    private static int commits(int count) {
        int first = nextCommit;
        nextCommit += count;
        return first;
    }

    private static RigProcess.Stats minus(RigProcess.Stats after, RigProcess.Stats before) {
        return new RigProcess.Stats(after.apiGatewayRequests() - before.apiGatewayRequests(),
                after.gheRequests() - before.gheRequests(), after.statuses() - before.statuses(),
                after.cpuNanos() - before.cpuNanos());
    }

    /** Size and modification time of every file under {@code dir}. */
    private static Map<Path, String> files(Path dir) throws IOException {
        Map<Path, String> files = new HashMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path file : walk.filter(Files::isRegularFile).toList()) {
                    files.put(file, Files.size(file) + "@" + Files.getLastModifiedTime(file).toMillis());
                }
            }
        }
        return files;
    }

    private static List<String> changed(Map<Path, String> before, Map<Path, String> after) {
        return after.keySet().stream().filter(file -> !after.get(file).equals(before.get(file)))
                .map(file -> file.getFileName().toString()).sorted().toList();
    }

    /** At least this much was written: the current size of every file created or modified. */
    private static long bytesWritten(Map<Path, String> before, Map<Path, String> after) {
        return after.entrySet().stream().filter(file -> !file.getValue().equals(before.get(file.getKey())))
                .mapToLong(file -> Long.parseLong(file.getValue().substring(0, file.getValue().indexOf('@'))))
                .sum();
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
