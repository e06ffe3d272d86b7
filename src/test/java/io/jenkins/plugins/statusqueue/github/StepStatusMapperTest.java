package io.jenkins.plugins.statusqueue.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.events.BuildkiteEvent;
import io.jenkins.plugins.statusqueue.events.DecodeResult;
import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.events.StepJob;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Per-step statuses: what each step outcome becomes, its context, link and description. */
class StepStatusMapperTest {

    private static final Instant START = Instant.parse("2024-05-01T10:00:00Z");
    private static final String JOB = "0184990e-a8a6-4a4d-9b7f-1d2c3e4f5a6b";

    private final StatusMapper defaults = new StatusMapper(StateMapping.DEFAULTS, null, null);

    private static BuildkiteEvent event(BuildkiteEvents event) {
        DecodeResult result = new EventDecoder(null, StepJob.STATUS_TYPES).decode(event.envelope());
        assertEquals(DecodeResult.Kind.EVENT, result.kind(), result.reason());
        return result.event();
    }

    private static BuildkiteEvents unitTests() {
        return BuildkiteEvents.build().job(":nodejs: Unit tests", "unit").jobId(JOB)
                .jobTimes(START, START.plusSeconds(124));
    }

    @Test
    void aPassedStepHasItsOwnContextAndLinksToItsJob() {
        CommitStatus status = defaults.map(event(unitTests())).orElseThrow();
        assertEquals("buildkite/web/unit", status.context());
        assertEquals(GitHubState.SUCCESS, status.state());
        assertEquals("https://buildkite.com/acme/web/builds/42#" + JOB, status.targetUrl());
        assertEquals("Step 'Unit tests' passed in 2m 4s", status.description());
        assertEquals("0123456789abcdef0123456789abcdef01234567", status.sha());
    }

    @ParameterizedTest
    @CsvSource({
        "finished, true, false, 0, success, Step 'Unit tests' passed in 2m 4s",
        "finished, false, true, 1, success, Step 'Unit tests' soft-failed in 2m 4s (exit status 1)",
        "finished, false, false, 2, failure, Step 'Unit tests' failed in 2m 4s (exit status 2)",
        "canceled, false, false, 0, error, Step 'Unit tests' was canceled",
        "timed_out, false, false, 0, error, Step 'Unit tests' timed out in 2m 4s",
        "expired, false, false, 0, error, Step 'Unit tests' expired before an agent took it",
        "running, false, false, 0, pending, Step 'Unit tests' is running",
        "skipped, false, false, 0, none, ",
        "broken, false, false, 0, none, ",
        "not_run, false, false, 0, none, ",
    })
    void defaultStepRows(String state, boolean passed, boolean softFailed, int exit, String github,
            String description) {
        BuildkiteEvents event = unitTests().jobState(state);
        if (state.equals("finished") && !passed) {
            event.jobFailed(exit, softFailed);
        }
        if (state.equals("running")) {
            event.jobTimes(START, null);
        }
        Optional<CommitStatus> status = defaults.map(event(event));
        assertEquals(github, status.map(s -> s.state().wireName()).orElse("none"));
        assertEquals(description, status.map(CommitStatus::description).orElse(null));
    }

    @Test
    void everyOutcomeHasADefaultRow() {
        for (String outcome : StepJob.OUTCOMES) {
            assertTrue(StateMapping.STEP_DEFAULTS.format().contains(outcome + "="), outcome);
        }
    }

    @Test
    void stepRowsAreOverriddenLikeBuildRows() {
        StatusMapper strict = new StatusMapper(StateMapping.DEFAULTS, null, null,
                StateMapping.parseSteps("soft_failed=failure\nskipped=success"), null);
        assertEquals(GitHubState.FAILURE, strict.map(event(unitTests().jobFailed(1, true))).orElseThrow().state());
        assertEquals(GitHubState.SUCCESS, strict.map(event(unitTests().jobState("skipped"))).orElseThrow().state());
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class,
                () -> StateMapping.parseSteps("blocked:failed=failure"));
        assertTrue(wrong.getMessage().contains("is not a Buildkite step outcome"), wrong.getMessage());
        assertThrows(IllegalArgumentException.class, () -> StateMapping.parse("soft_failed=failure"),
                "a step outcome is no build state");
    }

    @Test
    void parallelJobsOfAStepEachHaveAStatus() {
        CommitStatus second = defaults.map(event(unitTests().parallel(1, 4))).orElseThrow();
        assertEquals("buildkite/web/unit (2/4)", second.context());
        assertEquals("Step 'Unit tests' (2/4) passed in 2m 4s", second.description());
    }

    @Test
    void aStepWithoutKeyIsNamedByItsLabel() {
        CommitStatus status = defaults.map(event(BuildkiteEvents.build().job(":eslint: Lint", null))).orElseThrow();
        assertEquals("buildkite/web/Lint", status.context());
    }

    @Test
    void aStepNeverSharesTheBuildsContext() {
        assertEquals("the step context must contain {step}, or all steps would share one status",
                StatusMapper.stepTemplateProblem("buildkite/{pipeline}"));
        assertThrows(IllegalArgumentException.class, () -> new StatusMapper(StateMapping.DEFAULTS, null, null,
                StateMapping.STEP_DEFAULTS, "buildkite/{pipeline}"));
        assertTrue(StatusMapper.templateProblem("buildkite/{step}").startsWith("unknown placeholder {step}"),
                "the build's context has no step");
        assertNull(StatusMapper.stepTemplateProblem("ci/{org}/{pipeline}/{step}/{state}"));
        CommitStatus custom = new StatusMapper(StateMapping.DEFAULTS, "ci/{pipeline}", null,
                StateMapping.STEP_DEFAULTS, "ci/{pipeline}/step/{step}").map(event(unitTests())).orElseThrow();
        assertEquals("ci/web/step/unit", custom.context());
    }

    @Test
    void aLongLabelStillFitsGitHubsDescription() {
        String label = "Integration tests against every supported database ".repeat(4).trim();
        CommitStatus status = defaults.map(event(BuildkiteEvents.build().job(label, "it"))).orElseThrow();
        assertEquals(CommitStatus.MAX_DESCRIPTION, status.description().length());
        assertTrue(status.description().endsWith("\u2026"));
    }
}
