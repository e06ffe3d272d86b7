package io.jenkins.plugins.statusqueue.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.events.BuildkiteEvent;
import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StatusMapperTest {

    private final StatusMapper defaults = new StatusMapper(StateMapping.DEFAULTS, null, null);

    @ParameterizedTest
    @CsvSource({
        "passed, success", "finished, success", "failed, failure", "waiting_failed, failure",
        "canceled, error", "canceling, error", "blocked, pending", "started, pending", "running, pending",
        "scheduled, pending", "creating, pending", "waiting, pending", "failing, pending",
        "skipped, none", "not_run, none",
    })
    void defaultMappingRows(String buildkite, String github) {
        Optional<CommitStatus> status = defaults.map(event(BuildkiteEvents.build().state(buildkite)));
        assertEquals(github, status.map(s -> s.state().wireName()).orElse("none"));
    }

    @Test
    void everyKnownStateHasADefaultRow() {
        for (String state : EventDecoder.KNOWN_STATES) {
            assertTrue(StateMapping.DEFAULTS.format().contains(state + "="), state);
        }
    }

    @Test
    void defaultContextTargetUrlAndDescription() {
        CommitStatus status = defaults.map(event(BuildkiteEvents.build())).orElseThrow();

        assertEquals("buildkite/web", status.context());
        assertEquals("https://buildkite.com/acme/web/builds/42", status.targetUrl());
        assertEquals("Build #42 passed in 3m 12s", status.description());
        assertEquals("0123456789abcdef0123456789abcdef01234567", status.sha());
        assertEquals("acme/web", status.repository().fullName());
    }

    @Test
    void describesEveryStage() {
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        assertEquals("Build #42 failed in 45s", describe(BuildkiteEvents.build().state("failed")
                .times(start, start.plusSeconds(45))));
        assertEquals("Build #42 passed in 2h 5m", describe(BuildkiteEvents.build()
                .times(start, start.plusSeconds(2 * 3600 + 5 * 60 + 7))));
        assertEquals("Build #42 canceled", describe(BuildkiteEvents.build().state("canceled").times(null, null)));
        assertEquals("Build #42 started", describe(BuildkiteEvents.build().state("started")));
        assertEquals("Build #42 is waiting to be unblocked", describe(BuildkiteEvents.build().state("blocked")));
        assertEquals("Build #42 is waiting to be unblocked", describe(BuildkiteEvents.build().state("blocked")
                .blockedState("passed")));
        assertEquals("Build #42 failed and is blocked", describe(BuildkiteEvents.build().state("blocked")
                .blockedState("failed")));
        assertEquals("Build #42 is waiting failed", describe(BuildkiteEvents.build().state("waiting_failed")));
        assertEquals("Build #42 passed", describe(BuildkiteEvents.build()
                .times(start, start.minusSeconds(1))));
    }

    @Test
    void descriptionNeverExceedsGitHubsLimit() {
        String longPipeline = "p".repeat(100);
        StatusMapper mapper = new StatusMapper(StateMapping.DEFAULTS, "{pipeline}", null);
        CommitStatus status = mapper.map(event(BuildkiteEvents.build().pipeline(longPipeline)
                .number(Long.MAX_VALUE))).orElseThrow();
        assertTrue(status.description().length() <= CommitStatus.MAX_DESCRIPTION);
    }

    @Test
    void templatesUseEveryPlaceholder() {
        StatusMapper mapper = new StatusMapper(StateMapping.DEFAULTS, "ci/{org}/{pipeline}/{branch}",
                "https://ci.example.com/{org}/{pipeline}/{number}?sha={commit}&state={state}");
        CommitStatus status = mapper.map(event(BuildkiteEvents.build().branch("feature/x"))).orElseThrow();
        assertEquals("ci/acme/web/feature/x", status.context());
        assertEquals("https://ci.example.com/acme/web/42?sha=0123456789abcdef0123456789abcdef01234567&state=passed",
                status.targetUrl());
    }

    @Test
    void templateReplacementIsLiteral() {
        StatusMapper mapper = new StatusMapper(StateMapping.DEFAULTS, "{branch}", null);
        assertEquals("$1\\x", mapper.map(event(BuildkiteEvents.build().branch("$1\\x"))).orElseThrow().context());
    }

    @Test
    void templateProblems() {
        assertNull(StatusMapper.templateProblem(""));
        assertNull(StatusMapper.templateProblem(StatusMapper.DEFAULT_CONTEXT_TEMPLATE));
        assertNull(StatusMapper.templateProblem(StatusMapper.DEFAULT_TARGET_URL_TEMPLATE));
        assertTrue(StatusMapper.templateProblem("buildkite/{pipe}").contains("{pipe}"));
        assertThrows(IllegalArgumentException.class, () -> new StatusMapper(StateMapping.DEFAULTS, "{x}", null));
    }

    @Test
    void overridesChangeSingleRows() {
        StateMapping mapping = StateMapping.parse("# canceled builds are failures here\ncanceled = failure\n\n"
                + "BLOCKED=none\nskipped=success");
        StatusMapper mapper = new StatusMapper(mapping, null, null);
        assertEquals(GitHubState.FAILURE, mapper.map(event(BuildkiteEvents.build().state("canceled")))
                .orElseThrow().state());
        assertTrue(mapper.map(event(BuildkiteEvents.build().state("blocked"))).isEmpty());
        assertEquals(GitHubState.SUCCESS, mapper.map(event(BuildkiteEvents.build().state("skipped")))
                .orElseThrow().state());
        assertEquals(GitHubState.SUCCESS, mapper.map(event(BuildkiteEvents.build())).orElseThrow().state());
    }

    @ParameterizedTest
    @CsvSource({"failed, failure", "passed, pending", "running, pending", "'', pending", "unheard_of, pending"})
    void aBlockedBuildMapsByWhatItHadDoneBeforeTheBlock(String blockedState, String github) {
        Optional<CommitStatus> status = defaults.map(event(BuildkiteEvents.build().state("blocked")
                .blockedState(blockedState)));
        assertEquals(github, status.map(s -> s.state().wireName()).orElse("none"));
    }

    @Test
    void blockedRowsAreOverriddenAloneOrThroughBlocked() {
        StateMapping own = StateMapping.parse("blocked:failed=error\nblocked:passed=none");
        assertEquals(Optional.of(GitHubState.ERROR), own.map("blocked", "failed"));
        assertEquals(Optional.empty(), own.map("blocked", "passed"));
        assertEquals(Optional.of(GitHubState.PENDING), own.map("blocked", null));

        StateMapping all = StateMapping.parse("blocked=none\nblocked:running=pending");
        assertEquals(Optional.empty(), all.map("blocked", "failed"), "blocked=none still silences every blocked build");
        assertEquals(Optional.empty(), all.map("blocked", "passed"));
        assertEquals(Optional.of(GitHubState.PENDING), all.map("blocked", "running"), "unless a row says otherwise");
        assertTrue(StateMapping.DEFAULTS.format().contains("blocked:failed=failure"), StateMapping.DEFAULTS.format());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StateMapping.parse("blocked:maybe=error"))
                .getMessage().startsWith("line 1: 'blocked:maybe' is not a Buildkite build state"));
    }

    @Test
    void overrideErrorsNameTheLine() {
        assertEquals("line 2: expected buildkite_state=github_state, got 'passed success'",
                assertThrows(IllegalArgumentException.class, () -> StateMapping.parse("failed=failure\npassed success"))
                        .getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StateMapping.parse("exploded=error"))
                .getMessage().startsWith("line 1: 'exploded' is not a Buildkite build state"));
        assertEquals("line 1: 'green' is not one of pending, success, failure, error, none",
                assertThrows(IllegalArgumentException.class, () -> StateMapping.parse("passed=green")).getMessage());
        assertEquals(StateMapping.DEFAULTS, StateMapping.parse(null));
        assertEquals(StateMapping.DEFAULTS, StateMapping.parse("  \n# nothing\n"));
    }

    private static String describe(BuildkiteEvents builder) {
        return StatusMapper.describe(event(builder));
    }

    private static BuildkiteEvent event(BuildkiteEvents builder) {
        return new EventDecoder(null).decode(builder.detail()).event();
    }
}
