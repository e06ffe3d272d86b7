package io.jenkins.plugins.statusqueue.benchmark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The meter counts the engine's threads, and only them, including threads that start after the window opened. */
class EngineMeterTest {

    private static final int MEGABYTE = 1 << 20;
    private static volatile byte[] sink;

    @Test
    void countsWhatEngineThreadsAllocateAndNothingOtherThreadsDo() throws Exception {
        try (EngineMeter meter = new EngineMeter()) {
            EngineMeter.Window window = meter.start();
            CountDownLatch allocated = new CountDownLatch(3);
            CountDownLatch measured = new CountDownLatch(1);
            allocating("status-queue post 1", 8, allocated, measured);
            allocating("status-queue receive 2", 4, allocated, measured);
            allocating("HttpClient-7-Worker-0", 64, allocated, measured); // the original worker's client
            EngineMeter.Cost cost;
            try {
                allocated.await();
                cost = window.stop();
            } finally {
                measured.countDown();
            }
            long engineBytes = cost.engineAllocatedBytes();
            assertTrue(engineBytes >= 12L * MEGABYTE, "the two engine threads' 12 MiB, not " + engineBytes);
            assertTrue(engineBytes < 40L * MEGABYTE, "not the other thread's 64 MiB: " + engineBytes);
            assertTrue(cost.engineCpuNanos() > 0);
            assertEquals(Set.of("status-queue post", "status-queue receive"),
                    cost.cpuNanosByThread().keySet(), "threads are grouped by their names without numbers");
        }
    }

    /** A thread that allocates {@code megabytes} in 1 MiB pieces, then stays alive until the window is measured. */
    private static void allocating(String name, int megabytes, CountDownLatch allocated, CountDownLatch measured) {
        Thread thread = new Thread(() -> {
            for (int i = 0; i < megabytes; i++) {
                sink = new byte[MEGABYTE];
            }
            allocated.countDown();
            try {
                measured.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, name);
        thread.start();
    }
}
