package io.jenkins.plugins.statusqueue.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.drain.DrainService;
import io.jenkins.plugins.statusqueue.history.HistorySummary;
import io.jenkins.plugins.statusqueue.history.PassRecord;
import io.jenkins.plugins.statusqueue.queue.DeadLetterQueue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HealthCheckTest {

    private static final Instant START = Instant.parse("2026-12-02T08:00:00Z");
    private static final String QUEUE_ERROR = "Cannot receive from SQS queue https://sqs.eu-west-1.amazonaws.com/"
            + "123456789012/builds: AccessDenied";

    private static HistorySummary history(PassRecord last, Instant lastSuccess, Instant lastEmptyPass) {
        return new HistorySummary(Map.of(), last == null ? 0 : 1, last, lastSuccess, lastEmptyPass, 0, 0, 10_000, 500);
    }

    private static PassRecord pass(Instant started, String error) {
        return new PassRecord(started, Duration.ofSeconds(1), 0, Map.of(), 0, error);
    }

    private static HealthCheck.Inputs inputs(boolean enabled, String idleReason, HistorySummary history,
            String journalProblem, DeadLetterReading deadLetters, List<HealthCheck.PollerState> pollers, Instant now) {
        return new HealthCheck.Inputs(enabled, idleReason, history, START, journalProblem, deadLetters, pollers, now);
    }

    private static List<Problem.Kind> kinds(HealthCheck.Inputs inputs) {
        return HealthCheck.problems(inputs).stream().map(Problem::kind).toList();
    }

    @Test
    void aHealthyDrainRaisesNothing() {
        Instant now = START.plus(Duration.ofHours(2));
        assertEquals(List.of(), kinds(inputs(true, null, history(pass(now.minusSeconds(30), null),
                now.minusSeconds(29), null), null, new DeadLetterReading(now, new DeadLetterQueue("dlq", 5, 0, 0,
                null, List.of(), null), null), List.of(), now)));
    }

    @Test
    void noSuccessfulPassFor15MinutesWhileDraining() {
        Instant failing = START.plus(Duration.ofMinutes(20));
        HistorySummary stalled = history(pass(failing.minusSeconds(10), QUEUE_ERROR), START.plusSeconds(60), null);
        assertEquals(List.of(), kinds(inputs(true, null, stalled, null, null, List.of(),
                START.plus(Duration.ofMinutes(15)))), "14 minutes since the last success");
        List<Problem> problems = HealthCheck.problems(inputs(true, null, stalled, null, null, List.of(), failing));
        assertEquals(Problem.Kind.DRAIN_STALLED, problems.get(0).kind());
        assertEquals("No drain pass has succeeded for 19 min: Queue error", problems.get(0).text());
        assertEquals(QUEUE_ERROR, problems.get(0).detail(), "the raw text, for administrators only");
        assertTrue(!problems.get(0).text().contains("123456789012"));
        assertEquals(List.of(), kinds(inputs(false, null, stalled, null, null, List.of(), failing)),
                "draining is off");
    }

    @Test
    void aDrainThatCannotStartCountsFromJenkinsStart() {
        HistorySummary empty = history(null, null, null);
        assertEquals(List.of(), kinds(inputs(true, "No GitHub token is chosen", empty, null, null, List.of(),
                START.plus(Duration.ofMinutes(14)))));
        List<Problem> problems = HealthCheck.problems(inputs(true, "No GitHub token is chosen", empty, null, null,
                List.of(), START.plus(Duration.ofMinutes(15))));
        assertEquals("No drain pass has succeeded for 15 min: Configuration incomplete", problems.get(0).text());
    }

    @Test
    void passesStoppedBecauseGitHubRefusesTheToken() {
        Instant now = START.plus(Duration.ofMinutes(5));
        String refused = DrainService.TOKEN_REFUSED + " 5 of 5 status posts with 401 Bad credentials";
        assertEquals(List.of(Problem.Kind.TOKEN_REFUSED), kinds(inputs(true, null,
                history(pass(now.minusSeconds(5), refused), now.minusSeconds(60), null), null, null, List.of(), now)));
        assertEquals(List.of(), kinds(inputs(true, null, history(pass(now.minusSeconds(50), refused),
                now.minusSeconds(60), now.minusSeconds(5)), null, null, List.of(), now)),
                "an empty pass since then succeeded");
    }

    @Test
    void theJournalCannotBeWritten() {
        Instant now = START.plusSeconds(60);
        List<Problem> problems = HealthCheck.problems(inputs(true, null, history(null, now, null),
                "Cannot save /var/jenkins/status-queue/posted-statuses.journal: No space left on device", null,
                List.of(), now));
        assertEquals(List.of(Problem.Kind.JOURNAL_UNWRITABLE), problems.stream().map(Problem::kind).toList());
    }

    @Test
    void theDeadLetterQueueHoldsMessages() {
        Instant now = START.plusSeconds(60);
        DeadLetterReading reading = new DeadLetterReading(now, new DeadLetterQueue("dlq", 5, 1234, 0, null,
                List.of(), null), null);
        List<Problem> problems = HealthCheck.problems(inputs(false, null, history(null, null, null), null, reading,
                List.of(), now));
        assertEquals("The dead-letter queue holds about 1,234 messages whose statuses were never posted.",
                problems.get(0).text());
        assertEquals(List.of(), kinds(inputs(false, null, history(null, null, null), null,
                new DeadLetterReading(now, null, QUEUE_ERROR), List.of(), now)), "an unreadable one raises nothing");
    }

    @Test
    void aTriggerPollerFailingFor15Minutes() {
        FailureClock clock = new FailureClock();
        Instant first = START;
        assertEquals(first, clock.observe("builds", true, first));
        assertEquals(first, clock.observe("builds", true, first.plusSeconds(60)), "still failing since the first");
        Instant now = first.plus(Duration.ofMinutes(15));
        HealthCheck.PollerState poller = new HealthCheck.PollerState("builds", "Build requests",
                clock.observe("builds", true, now), QUEUE_ERROR);
        List<Problem> problems = HealthCheck.problems(inputs(false, null, history(null, null, null), null, null,
                List.of(poller), now));
        assertEquals("Trigger queue Build requests (builds) has failed to poll for 15 min.", problems.get(0).text());
        assertNull(clock.observe("builds", false, now.plusSeconds(1)), "a good poll resets it");
        assertEquals(now.plusSeconds(2), clock.observe("builds", true, now.plusSeconds(2)));
        clock.retain(Set.of());
        assertEquals(now.plusSeconds(3), clock.observe("builds", true, now.plusSeconds(3)), "forgotten once removed");
    }
}
