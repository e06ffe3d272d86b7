package io.jenkins.plugins.statusqueue.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The short variant of the fault soak, in every {@code mvn verify}; {@code mvn -B -Psoak} runs the long one. A new
 * seed each run (printed, {@code -Dsoak.seed} replays it).
 */
class FaultSoakTest {

    @Test
    void underEveryFaultNothingIsLostDeletedEarlyPostedTwiceOrLeftWrong() throws Exception {
        FaultSoak.Settings settings = new FaultSoak.Settings(Long.getLong("soak.seed", System.nanoTime()),
                Integer.getInteger("soak.events", 1000), 2, 40);

        FaultSoak.Figures figures = FaultSoak.run(settings, System.out);

        assertEquals(0, figures.leftInQueue(), "drained: " + figures.lastLine());
        assertEquals(0, figures.lost(), figures.lastLine());
        assertEquals(0, figures.deletedEarly(), figures.lastLine());
        assertEquals(0, figures.postedTwice(), figures.lastLine());
        assertEquals(0, figures.wrongFinalStates(), figures.lastLine());
        assertTrue(figures.longestPass().compareTo(figures.bound()) <= 0, figures.lastLine());
        Map<String, Integer> faults = figures.faults();
        assertEquals(FaultSoak.FAULT_KINDS + 1, faults.size(), "every kind of fault, a restart too: " + faults);
    }
}
