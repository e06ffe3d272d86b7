package io.jenkins.plugins.statusqueue.benchmark;

import com.sun.management.OperatingSystemMXBean;
import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The CPU time and allocation of the engine's threads in this JVM, from the JVM's per-thread counters. The engine's
 * threads are those whose names start with {@code status-queue }: the drain's receive and post pools, and the
 * thread the benchmark runs passes on, as Jenkins' drain thread does. The engine's HTTP client has no threads of its
 * own (it works on the caller's), so every request is in those figures; the original worker's JDK client threads
 * ({@code HttpClient-*}) are not.
 *
 * <p>The drain's pools live for one pass, and a thread's counters vanish with it, so a sampler reads them every
 * {@link #SAMPLE_MILLIS} ms: a thread that ends loses only what it used since the last sample.
 */
final class EngineMeter implements AutoCloseable {

    static final long SAMPLE_MILLIS = 10;
    private static final String[] ENGINE_PREFIXES = {"status-queue "};

    /** What the engine used between {@link #start()} and {@link Window#stop()}. */
    record Cost(double seconds, long engineCpuNanos, long engineAllocatedBytes, Map<String, Long> cpuNanosByThread,
            long jvmCpuNanos, long machineBusyTicks) {

        /** Elapsed time alone, for what is not metered. */
        static Cost elapsed(double seconds) {
            return new Cost(seconds, 0, 0, Map.of(), 0, 0);
        }

        /** Each kind of engine thread's share of the engine's CPU, largest first: "post 60%, ...". */
        String breakdown() {
            return cpuNanosByThread.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .map(kind -> String.format(Locale.ROOT, "%s %.0f%%", kind.getKey(),
                            100.0 * kind.getValue() / Math.max(1, engineCpuNanos)))
                    .collect(Collectors.joining(", "));
        }

        double engineCpuMicrosPer(int messages) {
            return engineCpuNanos / 1e3 / messages;
        }

        double engineKilobytesPer(int messages) {
            return engineAllocatedBytes / 1024.0 / messages;
        }

        double jvmCpuMicrosPer(int messages) {
            return jvmCpuNanos / 1e3 / messages;
        }
    }

    /** Counters of every engine thread seen: {cpu ns, allocated bytes} at the last sample. */
    private final Map<Long, long[]> latest = new HashMap<>();
    /** Engine threads by id, with their kind: the name without its numbers ("status-queue post"). */
    private final Map<Long, String> engineThreads = new HashMap<>();
    private final Set<Long> otherThreads = new HashSet<>();
    private final ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    private final Thread sampler;
    private volatile boolean running = true;

    EngineMeter() {
        threads.setThreadCpuTimeEnabled(true);
        threads.setThreadAllocatedMemoryEnabled(true);
        sampler = new Thread(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "benchmark engine meter");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** A measurement from now. */
    Window start() {
        Map<Long, long[]> baseline = new HashMap<>();
        synchronized (this) {
            sample();
            latest.forEach((id, counters) -> baseline.put(id, counters.clone()));
        }
        return new Window(baseline, System.nanoTime(), jvmCpuButMeter(), MachineCpu.busyTicks());
    }

    final class Window {
        private final Map<Long, long[]> baseline;
        private final long startNanos;
        private final long startJvmCpu;
        private final long startMachineBusy;

        private Window(Map<Long, long[]> baseline, long startNanos, long startJvmCpu, long startMachineBusy) {
            this.baseline = baseline;
            this.startNanos = startNanos;
            this.startJvmCpu = startJvmCpu;
            this.startMachineBusy = startMachineBusy;
        }

        Cost stop() {
            long cpu = 0;
            long allocated = 0;
            Map<String, Long> byKind = new TreeMap<>();
            synchronized (EngineMeter.this) {
                sample();
                for (Map.Entry<Long, long[]> thread : latest.entrySet()) {
                    long[] before = baseline.getOrDefault(thread.getKey(), new long[2]);
                    long used = thread.getValue()[0] - before[0];
                    cpu += used;
                    allocated += thread.getValue()[1] - before[1];
                    if (used > 0) {
                        byKind.merge(engineThreads.get(thread.getKey()), used, Long::sum);
                    }
                }
            }
            return new Cost((System.nanoTime() - startNanos) / 1e9, cpu, allocated, byKind,
                    jvmCpuButMeter() - startJvmCpu, MachineCpu.busyTicks() - startMachineBusy);
        }
    }

    private synchronized void sample() {
        long[] ids = threads.getAllThreadIds();
        long[] unknown = Arrays.stream(ids).filter(id -> !engineThreads.containsKey(id) && !otherThreads.contains(id))
                .toArray();
        for (ThreadInfo info : threads.getThreadInfo(unknown, 0)) {
            if (info == null) {
                continue;
            }
            String name = info.getThreadName();
            if (isEngine(name)) {
                engineThreads.put(info.getThreadId(), name.replaceAll("[- ]?\\d+", ""));
            } else {
                otherThreads.add(info.getThreadId());
            }
        }
        long[] engine = Arrays.stream(ids).filter(engineThreads::containsKey).toArray();
        long[] cpu = threads.getThreadCpuTime(engine);
        long[] allocated = threads.getThreadAllocatedBytes(engine);
        for (int i = 0; i < engine.length; i++) {
            // -1: the thread ended since getAllThreadIds; its last sample stands.
            if (cpu[i] >= 0 && allocated[i] >= 0) {
                latest.put(engine[i], new long[] {cpu[i], allocated[i]});
            }
        }
    }

    /** The CPU of this whole JVM (GC and JIT included) but for the meter's own sampling. */
    private long jvmCpuButMeter() {
        return os.getProcessCpuTime() - Math.max(0, threads.getThreadCpuTime(sampler.getId()));
    }

    private static boolean isEngine(String name) {
        return Arrays.stream(ENGINE_PREFIXES).anyMatch(name::startsWith);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        sampler.interrupt();
        sampler.join();
    }

    /**
     * Bytes the engine's threads caused to be written to storage, from {@code /proc/self/task/<tid>/io}: the threads
     * whose native names (Java's, cut to 15 characters) start as the engine's. Only threads alive at the end count.
     */
    static final class DiskWrites {
        /** write_bytes of each engine thread alive now, by "tid native-name"; empty where there is no /proc. */
        private final Map<String, Long> byThread = new TreeMap<>();

        private DiskWrites() {
        }

        static DiskWrites ofEngineThreads() {
            DiskWrites writes = new DiskWrites();
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path task : tasks.toList()) {
                    try {
                        String name = Files.readString(task.resolve("comm")).trim();
                        if (isEngine(name)) {
                            writes.byThread.put(task.getFileName() + " " + name, writeBytes(task.resolve("io")));
                        }
                    } catch (IOException ended) {
                        // the thread ended while being read
                    }
                }
            } catch (IOException | RuntimeException e) {
                writes.byThread.clear();
            }
            return writes;
        }

        boolean available() {
            return !byThread.isEmpty();
        }

        /** What each engine thread alive now wrote since {@code before}: only the threads that wrote. */
        Map<String, Long> since(DiskWrites before) {
            Map<String, Long> written = new TreeMap<>();
            byThread.forEach((thread, bytes) -> {
                long delta = bytes - before.byThread.getOrDefault(thread, 0L);
                if (delta > 0) {
                    written.put(thread, delta);
                }
            });
            return written;
        }

        private static long writeBytes(Path io) throws IOException {
            for (String line : Files.readAllLines(io)) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring("write_bytes:".length()).trim());
                }
            }
            return 0;
        }
    }

    /** Busy CPU time of the whole machine, every process, in clock ticks (1/100 s) from /proc/stat; -1 elsewhere. */
    static final class MachineCpu {
        static final double TICKS_PER_SECOND = 100;

        private MachineCpu() {
        }

        static long busyTicks() {
            try {
                String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
                long busy = 0;
                // cpu user nice system idle iowait irq softirq steal: everything but idle and iowait
                for (int i = 1; i <= 8 && i < fields.length; i++) {
                    if (i != 4 && i != 5) {
                        busy += Long.parseLong(fields[i]);
                    }
                }
                return busy;
            } catch (IOException | RuntimeException e) {
                return -1;
            }
        }
    }
}
