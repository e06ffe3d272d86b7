package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The short variant of the trigger flood, in every {@code mvn verify}; {@code mvn -B -Pflood} runs 10,000 messages.
 * A new seed each run (printed, {@code -Dflood.seed} replays it).
 */
class TriggerFloodTest {

    @Test
    void aFloodNeverOverfillsAJobLosesNothingAndKeepsTheHeapSmall() throws Exception {
        TriggerFlood.Figures figures = TriggerFlood.run(Integer.getInteger("flood.messages", 1000),
                Long.getLong("flood.seed", System.nanoTime()), System.out);

        assertEquals(0, figures.lost(), figures.lastLine());
        assertEquals(0, figures.duplicates(), "no message is built twice for a job");
        assertEquals(0, figures.leftInQueue(), "every message reached its outcome");
        assertTrue(figures.maxWaiting() <= figures.cap(), figures.lastLine());
        assertTrue(figures.maxWaiting() == figures.cap(), "the stalling job reached its cap: " + figures.lastLine());
        assertEquals(figures.hostileSent(), figures.hostileHandled(), "hostile payloads handled within bounds");
        assertEquals(0, figures.envOverCap(), "no environment value over its cap");
        assertTrue(figures.heapPeakMiB() < 256, figures.lastLine());
    }
}
