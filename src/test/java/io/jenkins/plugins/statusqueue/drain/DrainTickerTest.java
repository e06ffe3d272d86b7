package io.jenkins.plugins.statusqueue.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.github.PostResult;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import io.jenkins.plugins.statusqueue.github.StatusSink;
import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class DrainTickerTest {

    private final DrainService service = new DrainService(DrainHistory.open(null), Clock.systemUTC());
    private final DrainTicker ticker = new DrainTicker(service);
    private final InMemoryQueue queue = new InMemoryQueue();
    private final AtomicInteger setups = new AtomicInteger();

    private DrainSetup setup() {
        setups.incrementAndGet();
        StatusSink sink = new StatusSink() {
            @Override
            public PostResult post(io.jenkins.plugins.statusqueue.github.CommitStatus status) {
                return PostResult.accepted("201");
            }

            @Override
            public String probe() {
                return "";
            }
        };
        return new DrainSetup(queue, sink, new EventDecoder(null), new StatusMapper(StateMapping.DEFAULTS, null,
                null), new DrainSettings(100, Duration.ofSeconds(10), 2, 0, Duration.ofSeconds(1)));
    }

    @Test
    void saysWhyItIsIdleOnceNotEveryTick() {
        DrainTicker.SetupSupplier missing = () -> {
            throw new SetupException("no GitHub Enterprise credential");
        };
        assertEquals(Optional.of("Status Queue is not ready: no GitHub Enterprise credential"),
                ticker.tick(true, Duration.ZERO, missing));
        assertEquals(Optional.empty(), ticker.tick(true, Duration.ZERO, missing));
        assertTrue(ticker.tick(false, Duration.ZERO, missing).orElseThrow().contains("disabled"));
        assertEquals(Optional.empty(), ticker.tick(false, Duration.ZERO, missing));
        assertTrue(ticker.tick(true, Duration.ZERO, missing).isPresent(), "a new reason is said again");
    }

    @Test
    void runsAPassOnlyWhenDueAndReadsTheSetupOnlyThen() {
        queue.send(BuildkiteEvents.build().detail());
        String line = ticker.tick(true, Duration.ofHours(1), this::setup).orElseThrow();
        assertTrue(line.startsWith("Pass: received 1, posted 1, deleted 1"), line);
        assertEquals(Optional.empty(), ticker.tick(true, Duration.ofHours(1), this::setup), "not due yet");
        assertEquals(1, setups.get());
        assertEquals(null, ticker.idleReason());

        service.requestPass();
        assertEquals(Optional.empty(), ticker.tick(true, Duration.ofHours(1), this::setup),
                "Drain now runs at once, and a pass that finds the queue empty is not logged");
        assertEquals(2, setups.get());
    }
}
