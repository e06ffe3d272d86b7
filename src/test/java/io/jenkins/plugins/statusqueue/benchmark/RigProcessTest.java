package io.jenkins.plugins.statusqueue.benchmark;

import static io.jenkins.plugins.statusqueue.http.HttpClientFactory.DIRECT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.queue.ApiGatewayQueueSource;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rig runs in a process of its own, serves the engine from there, and ends with the benchmark. */
class RigProcessTest {

    @Test
    void servesAQueueFromItsOwnProcessAndEndsWhenClosed(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("rig.log");
        long pid;
        try (RigProcess rig = RigProcess.start(log)) {
            pid = rig.pid();
            assertNotEquals(ProcessHandle.current().pid(), pid);
            String api = rig.queue("q", ApiGatewayEmulator.Stack.IMPROVED.name());
            rig.fill("q", 0, 25, 5);
            ApiGatewayQueueSource source = new ApiGatewayQueueSource(DIRECT, api, ApiGatewayEmulator.API_KEY);
            assertEquals(10, source.receive(10, 0).size(), "the engine's queue source reads the rig's queue");
            RigProcess.Stats stats = rig.stats("q");
            assertEquals(1, stats.apiGatewayRequests());
            assertEquals(0, stats.gheRequests());
            assertTrue(stats.cpuNanos() > 0, "the rig reports its own CPU");
        }
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "closed, the rig is gone");
        assertTrue(Files.exists(log));
    }
}
