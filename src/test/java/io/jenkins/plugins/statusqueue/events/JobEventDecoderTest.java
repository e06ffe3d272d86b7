package io.jenkins.plugins.statusqueue.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Job events ("Job Finished", "Job Started") of the shape Buildkite documents, decoded for per-step statuses. */
class JobEventDecoderTest {

    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");

    private final EventDecoder steps = new EventDecoder("ghe.example.com", StepJob.STATUS_TYPES);

    private static BuildkiteEvents unitTests() {
        return BuildkiteEvents.build().job(":nodejs: Unit tests", "unit").jobTimes(START, START.plusSeconds(124));
    }

    @Test
    void aJobFinishedEnvelopeBecomesAStepEvent() {
        DecodeResult result = steps.decode(unitTests().jobId("0184990e-a8a6-4a4d-9b7f-1d2c3e4f5a6b").envelope());
        assertEquals(DecodeResult.Kind.EVENT, result.kind(), result.reason());
        StepJob job = result.event().job();
        assertEquals("0184990e-a8a6-4a4d-9b7f-1d2c3e4f5a6b", job.id());
        assertEquals("script", job.type());
        assertEquals("unit", job.stepName());
        assertEquals("Unit tests", job.displayLabel());
        assertEquals("passed", job.outcome());
        assertEquals("passed", result.event().statusState());
        assertEquals(START.plusSeconds(124), result.event().eventTime(), "the job's time, not the build's");
        assertEquals("running", result.event().state(), "the build is still running while its jobs finish");
        assertEquals(42, result.event().buildNumber());
    }

    @Test
    void outcomesFollowTheJobsStateAndResult() {
        assertEquals("failed", outcome(unitTests().jobFailed(2, false)));
        assertEquals("soft_failed", outcome(unitTests().jobFailed(1, true)));
        assertEquals("running", outcome(unitTests().jobState("running")));
        assertEquals("running", outcome(unitTests().jobState("started")));
        assertEquals("canceled", outcome(unitTests().jobState("canceled")));
        assertEquals("timed_out", outcome(unitTests().jobState("timed_out")));
        assertEquals("expired", outcome(unitTests().jobState("expired")));
        assertEquals("broken", outcome(unitTests().jobState("broken")));
        assertEquals("skipped", outcome(unitTests().jobState("skipped")));
        assertEquals("scheduled", outcome(unitTests().jobState("assigned")));
    }

    private String outcome(BuildkiteEvents event) {
        DecodeResult result = steps.decode(event.envelope());
        assertEquals(DecodeResult.Kind.EVENT, result.kind(), result.reason());
        return result.event().job().outcome();
    }

    @Test
    void theStepIsNamedByItsKeyElseByItsLabelWithoutEmoji() {
        assertEquals("Unit tests", steps.decode(BuildkiteEvents.build().job(":nodejs: :jest:  Unit  tests ", null)
                .envelope()).event().job().stepName());
        assertEquals("unit (2/4)", steps.decode(unitTests().parallel(1, 4).envelope()).event().job().stepName());
        DecodeResult nameless = steps.decode(BuildkiteEvents.build().job(":nodejs:", null).envelope());
        assertEquals(DecodeResult.Kind.INVALID, nameless.kind());
        assertTrue(nameless.reason().contains("neither a step_key nor a label"), nameless.reason());
    }

    @Test
    void aBareDetailIsAJobEventOnlyWhilePerStepStatusesAreOn() {
        assertEquals(DecodeResult.Kind.EVENT, steps.decode(unitTests().detail()).kind());
        DecodeResult off = new EventDecoder("ghe.example.com").decode(unitTests().detail());
        assertEquals(DecodeResult.Kind.INVALID, off.kind());
        assertTrue(off.reason().contains("per-step statuses are off"), off.reason());
        DecodeResult offEnvelope = new EventDecoder("ghe.example.com").decode(unitTests().envelope());
        assertEquals(DecodeResult.Kind.INVALID, offEnvelope.kind());
        assertTrue(offEnvelope.reason().startsWith("'Job Finished'"), offEnvelope.reason());
    }

    @Test
    void onlyCommandAndTriggerStepsGetAStatus() {
        DecodeResult waiter = steps.decode(BuildkiteEvents.build().job(null, null).jobType("waiter").envelope());
        assertEquals(DecodeResult.Kind.SKIPPED, waiter.kind());
        assertEquals("a waiter step gets no status; command and trigger steps do", waiter.reason());
        assertEquals(DecodeResult.Kind.SKIPPED, steps.decode(unitTests().jobType("manual").envelope()).kind());
        assertEquals(DecodeResult.Kind.EVENT, steps.decode(unitTests().jobType("trigger").envelope()).kind());

        DecodeResult commandsOnly = new EventDecoder("ghe.example.com", Set.of("script"))
                .decode(unitTests().jobType("trigger").envelope());
        assertEquals(DecodeResult.Kind.SKIPPED, commandsOnly.kind());
        assertEquals("per-step statuses are off for trigger steps", commandsOnly.reason());
    }

    @Test
    void otherJobEventsAndAgentEventsGiveNoStatus() {
        String scheduled = unitTests().jobState("scheduled").envelope().replace("\"Job Finished\"", "\"Job Scheduled\"");
        DecodeResult result = steps.decode(scheduled);
        assertEquals(DecodeResult.Kind.SKIPPED, result.kind());
        assertNull(result.event());
        String agent = "{\"detail-type\":\"Agent Connected\",\"detail\":{\"agent\":{\"name\":\"a\"}}}";
        assertEquals(DecodeResult.Kind.INVALID, steps.decode(agent).kind());
    }

    /** Each job event of Buildkite's published EventBridge samples, with the state its sample carries. */
    @Test
    void everyPublishedJobEventIsUnderstood() {
        DecodeResult started = steps.decode(unitTests().jobState("started").jobTimes(START, null).envelope());
        assertEquals(DecodeResult.Kind.EVENT, started.kind(), started.reason());
        assertEquals("running", started.event().statusState());
        assertFalse(started.event().job().ended());

        DecodeResult finished = steps.decode(unitTests().agent("0191695c-920d-4644-8be9-a674252ac").envelope());
        assertEquals(DecodeResult.Kind.EVENT, finished.kind(), "the agent beside the job: " + finished.reason());
        assertEquals("passed", finished.event().statusState());

        DecodeResult scheduled = steps.decode(unitTests().jobState("assigned").detailType("Job Scheduled").envelope());
        assertEquals(DecodeResult.Kind.SKIPPED, scheduled.kind());
        DecodeResult activated = steps.decode(unitTests().jobType("manual").jobState("finished")
                .detailType("Job Activated").envelope());
        assertEquals(DecodeResult.Kind.SKIPPED, activated.kind());
        assertEquals(DecodeResult.Kind.SKIPPED, steps.decode(unitTests().jobType("manual").jobState("finished")
                .detailType("Job Finished").envelope()).kind(), "a block step's own end");
    }

    @Test
    void aJobStateBuildkiteAddsLaterIsSkippedByItsName() {
        DecodeResult result = steps.decode(unitTests().jobState("paused").envelope());
        assertEquals(DecodeResult.Kind.SKIPPED, result.kind());
        assertEquals("unknown Buildkite job state 'paused': no status until the plugin knows it", result.reason());
        assertEquals("paused", result.event().statusState(), "the history shows the state");
        DecodeResult long_ = steps.decode(unitTests().jobState("x".repeat(100)).envelope());
        assertEquals(DecodeResult.Kind.SKIPPED, long_.kind(), long_.reason());
    }

    @Test
    void aLongLabelBesideAKeyIsCutNotRejected() {
        DecodeResult result = steps.decode(BuildkiteEvents.build().job("x".repeat(300), "unit").envelope());
        assertEquals(DecodeResult.Kind.EVENT, result.kind(), result.reason());
        assertEquals("unit", result.event().job().stepName());
        assertEquals(EventDecoder.MAX_LABEL, result.event().job().label().length());
        assertTrue(result.event().job().label().endsWith("\u2026"));
    }

    @Test
    void aBadJobIsInvalidWithTheReason() {
        assertInvalid(unitTests().jobId("../../etc"), "job.uuid is missing or not a UUID");
        assertInvalid(unitTests().parallel(4, 4), "job.parallel_group_index 4 is not within job.parallel_group_total 4");
        assertInvalid(BuildkiteEvents.build().job("x".repeat(EventDecoder.MAX_CONTEXT_LABEL + 1), null),
                "job.label is longer than " + EventDecoder.MAX_CONTEXT_LABEL + " characters and the step has no key: "
                        + "it cannot name a status context");
        assertInvalid(unitTests().commit("HEAD"), "build.commit 'HEAD' is not a full 40-character commit SHA");
    }

    private void assertInvalid(BuildkiteEvents event, String reason) {
        DecodeResult result = steps.decode(event.envelope());
        assertEquals(DecodeResult.Kind.INVALID, result.kind());
        assertEquals(reason, result.reason());
    }

    @Test
    void aJobOfARepositoryOnAnotherHostIsSkipped() {
        DecodeResult result = steps.decode(unitTests().repo("git@github.com:acme/web.git").envelope());
        assertEquals(DecodeResult.Kind.SKIPPED, result.kind());
        assertTrue(result.reason().startsWith("repository is on github.com"), result.reason());
    }
}
