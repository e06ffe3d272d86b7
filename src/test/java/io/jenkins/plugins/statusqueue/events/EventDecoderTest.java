package io.jenkins.plugins.statusqueue.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EventDecoderTest {

    private final EventDecoder decoder = new EventDecoder("ghe.example.com");

    @Test
    void decodesTheBareDetail() {
        DecodeResult result = decoder.decode(BuildkiteEvents.build().detail());

        assertEquals(DecodeResult.Kind.EVENT, result.kind());
        BuildkiteEvent event = result.event();
        assertEquals("acme", event.organization());
        assertEquals("web", event.pipeline());
        assertEquals(42, event.buildNumber());
        assertEquals("0123456789abcdef0123456789abcdef01234567", event.commit());
        assertEquals("main", event.branch());
        assertEquals("passed", event.state());
        assertEquals(Instant.parse("2019-08-11T06:01:16Z"), event.startedAt());
        assertEquals(Instant.parse("2019-08-11T06:04:28Z"), event.finishedAt());
        assertEquals(new RepositoryRef("ghe.example.com", "acme", "web"), event.repository());
        assertEquals("https://buildkite.com/acme/web/builds/42", event.buildUrl());
    }

    @Test
    void decodesTheEventBridgeEnvelope() {
        DecodeResult result = decoder.decode(BuildkiteEvents.build().number(7).envelope());

        assertEquals(DecodeResult.Kind.EVENT, result.kind());
        assertEquals(7, result.event().buildNumber());
    }

    @Test
    void decodesBlockedAndStartedBuilds() {
        BuildkiteEvent blocked = decoder.decode(BuildkiteEvents.build().state("blocked").blockedState("passed")
                .detail()).event();
        assertEquals("blocked", blocked.state());
        assertEquals("passed", blocked.blockedState());

        BuildkiteEvent started = decoder.decode(BuildkiteEvents.build().state("started").times(
                Instant.parse("2019-08-11T06:01:16Z"), null).envelope()).event();
        assertEquals("started", started.state());
        assertNull(started.finishedAt());
    }

    @Test
    void normalisesUpperCaseShaAndState() {
        BuildkiteEvent event = decoder.decode(BuildkiteEvents.build()
                .commit("0123456789ABCDEF0123456789ABCDEF01234567").state("PASSED").detail()).event();
        assertEquals("0123456789abcdef0123456789abcdef01234567", event.commit());
        assertEquals("passed", event.state());
    }

    @Test
    void acceptsIsoTimestampsAndDropsUnreadableOnes() {
        String iso = BuildkiteEvents.build().detail().replace("2019-08-11 06:01:16 UTC", "2019-08-11T06:01:16Z")
                .replace("2019-08-11 06:04:28 UTC", "yesterday");
        BuildkiteEvent event = decoder.decode(iso).event();
        assertEquals(Instant.parse("2019-08-11T06:01:16Z"), event.startedAt());
        assertNull(event.finishedAt());
    }

    @Test
    void skipsRepositoriesOnAnotherHostWithTheEvent() {
        DecodeResult result = decoder.decode(BuildkiteEvents.build().repo("git@github.com:acme/web.git").detail());

        assertEquals(DecodeResult.Kind.SKIPPED, result.kind());
        assertEquals("github.com", result.event().repository().host());
        assertTrue(result.reason().contains("github.com"), result.reason());
        assertTrue(result.reason().contains("ghe.example.com"), result.reason());
    }

    @Test
    void anyHostWhenNoneIsConfigured() {
        DecodeResult result = new EventDecoder(null).decode(BuildkiteEvents.build()
                .repo("https://elsewhere.example/acme/web").detail());
        assertEquals(DecodeResult.Kind.EVENT, result.kind());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HEAD", "0123456", "zz23456789abcdef0123456789abcdef01234567",
        "0123456789abcdef0123456789abcdef012345678"})
    void rejectsCommitsThatAreNotFullShas(String commit) {
        assertInvalid(BuildkiteEvents.build().commit(commit).detail(), "not a full 40-character commit SHA");
    }

    @Test
    void skipsStatesBuildkiteAddsLaterByTheirName() {
        DecodeResult result = decoder.decode(BuildkiteEvents.build().state("paused").detail());
        assertEquals(DecodeResult.Kind.SKIPPED, result.kind());
        assertEquals("unknown Buildkite build state 'paused': no status until the plugin knows it", result.reason());
        assertEquals("acme/web", result.event().repository().fullName());
    }

    /** Each build event of Buildkite's published EventBridge samples, with the state its sample carries. */
    @Test
    void everyPublishedBuildEventIsUnderstood() {
        for (String[] sample : new String[][] {{"Build Created", "scheduled"}, {"Build Started", "started"},
            {"Build Failing", "failing"}, {"Build Blocked", "blocked"}, {"Build Finished", "blocked"},
            {"Build Finished", "passed"}}) {
            DecodeResult result = decoder.decode(BuildkiteEvents.build().state(sample[1]).detailType(sample[0])
                    .envelope());
            assertEquals(DecodeResult.Kind.EVENT, result.kind(), sample[0] + ": " + result.reason());
        }
    }

    @Test
    void rejectsBodiesThatAreNotJsonObjects() {
        assertInvalid("", "not a JSON object");
        assertInvalid("hello", "not JSON");
        assertInvalid("{\"build\":", "not JSON");
        assertInvalid("[1,2]", "not a JSON object");
        assertInvalid("\"text\"", "not a JSON object");
    }

    @Test
    void rejectsMissingFields() {
        String full = BuildkiteEvents.build().detail();
        assertInvalid("{}", "'build' object is missing");
        assertInvalid(full.replace("\"pipeline\":", "\"pipe\":"), "'pipeline' object is missing");
        assertInvalid(full.replace("\"organization\":", "\"org\":"), "'organization' object is missing");
        assertInvalid(full.replace("\"number\":42", "\"number\":\"x\""), "build.number");
        assertInvalid(full.replace("\"number\":42", "\"number\":0"), "build.number");
        assertInvalid(full.replace("\"commit\":", "\"sha\":"), "build.commit is missing");
        assertInvalid(full.replace("\"state\":\"passed\"", "\"state\":null"), "build.state is missing");
        assertInvalid(full.replace("\"slug\":\"web\"", "\"slug\":\"\""), "pipeline.slug is missing");
        assertInvalid(full.replace("\"repo\":", "\"repository\":"), "pipeline.repo is missing");
        assertInvalid(full.replace("git@ghe.example.com:acme/web.git", "somewhere"), "repository URL");
    }

    @Test
    void rejectsEventsThatAreNotBuildEvents() {
        String job = BuildkiteEvents.build().envelope().replace("Build Finished", "Job Finished");
        assertInvalid(job, "'Job Finished': a Buildkite job event, not a build event");
        String other = BuildkiteEvents.build().envelope().replace("Build Finished", "Pipeline Created");
        assertInvalid(other, "'Pipeline Created' is not a Buildkite build event");
    }

    @Test
    void aBareDetailCarryingAJobOrAgentIsNotABuildEvent() {
        String detail = BuildkiteEvents.build().state("running").detail();
        assertInvalid(detail.replaceFirst("\\{", "{\"job\":{\"id\":\"j1\",\"state\":\"finished\"},"),
                "the detail carries a 'job' object: a Buildkite job event, not a build event");
        assertInvalid(detail.replaceFirst("\\{", "{\"agent\":{\"id\":\"a1\",\"connection_state\":\"lost\"},"),
                "the detail carries a 'agent' object: a Buildkite agent event, not a build event");
        assertInvalid(BuildkiteEvents.build().envelope().replace("Build Finished", "Agent Lost"),
                "'Agent Lost': a Buildkite agent event");
    }

    @Test
    void takesTheEnvelopesTimeForOrderingWhenTheBuildGivesNone() {
        String envelope = BuildkiteEvents.build().times(null, null).envelope();
        BuildkiteEvent event = decoder.decode(envelope).event();
        assertTrue(event.sentAt() != null, envelope);
        assertEquals(event.sentAt(), event.eventTime());

        BuildkiteEvent started = decoder.decode(BuildkiteEvents.build().state("started")
                .times(Instant.parse("2019-08-11T06:01:16Z"), null).envelope()).event();
        assertEquals(Instant.parse("2019-08-11T06:01:16Z"), started.eventTime());
        BuildkiteEvent finished = decoder.decode(BuildkiteEvents.build().detail()).event();
        assertNull(finished.sentAt(), "a bare detail has no envelope");
        assertEquals(Instant.parse("2019-08-11T06:04:28Z"), finished.eventTime());
    }

    @Test
    void rejectsBodiesLargerThanSqsAllowsCountingTheirBytes() {
        String detail = BuildkiteEvents.build().detail();
        String fitsInAMebibyte = detail.replace("\"version\":1", "\"version\":1,\"padding\":\""
                + "x".repeat(EventDecoder.MAX_BODY_BYTES - detail.length() - 20) + "\"");
        assertEquals(DecodeResult.Kind.EVENT, decoder.decode(fitsInAMebibyte).kind(), "a 1 MiB queue allows it");
        String fewCharactersManyBytes = "{\"padding\":\"" + "\u20ac".repeat(EventDecoder.MAX_BODY_BYTES / 3 + 1)
                + "\"}";
        assertInvalid(fewCharactersManyBytes, "more than 1048576 bytes");
    }

    @ParameterizedTest
    @ValueSource(strings = {"git@ghe.example.com:-acme/web.git", "https://ghe.example.com/ac_me/web",
        "https://ghe.example.com/acme/..", "git@ghe.example.com:acme/we%2fb.git"})
    void rejectsRepositoryNamesGitHubDoesNotAllow(String url) {
        DecodeResult result = decoder.decode(BuildkiteEvents.build().repo(url).detail());
        assertEquals(DecodeResult.Kind.INVALID, result.kind(), url);
    }

    @Test
    void capsEveryTextFromTheMessage() {
        assertInvalid(BuildkiteEvents.build().pipeline("p".repeat(101)).detail(),
                "pipeline.slug is longer than 100 characters");
        assertInvalid(BuildkiteEvents.build().organization("o".repeat(101)).detail(),
                "organization.slug is longer than 100 characters");
        assertInvalid(BuildkiteEvents.build().repo("https://ghe.example.com/acme/" + "w".repeat(2100)).detail(),
                "pipeline.repo is longer than 2048 characters");
    }

    /** A branch only fills templates; a long state is an unknown one; neither changes where a status goes. */
    @Test
    void textsThatDoNotDecideWhereAStatusGoesAreNotRejected() {
        DecodeResult branch = decoder.decode(BuildkiteEvents.build().branch("b".repeat(1000)).detail());
        assertEquals(DecodeResult.Kind.EVENT, branch.kind(), branch.reason());
        assertEquals(1000, branch.event().branch().length());
        DecodeResult state = decoder.decode(BuildkiteEvents.build().state("x".repeat(33)).detail());
        assertEquals(DecodeResult.Kind.SKIPPED, state.kind(), state.reason());
        DecodeResult blocked = decoder.decode(BuildkiteEvents.build().state("blocked").blockedState("y".repeat(50))
                .detail());
        assertEquals(DecodeResult.Kind.EVENT, blocked.kind(), blocked.reason());
    }

    @Test
    void cleansUnpairedSurrogatesAndControlCharactersFromEveryText() {
        String escapes = BuildkiteEvents.build().pipeline("web-x").branch("main-y").detail()
                .replace("web-x", "web\\ud800").replace("main-y", "main\\u0007");
        BuildkiteEvent event = decoder.decode(escapes).event();
        assertEquals("web\uFFFD", event.pipeline());
        assertEquals("main\uFFFD", event.branch());

        String reason = decoder.decode(BuildkiteEvents.build().state("state-z").detail()
                .replace("state-z", "\\udc00x")).reason();
        assertEquals("unknown Buildkite build state '\uFFFDx': no status until the plugin knows it", reason);
    }

    private void assertInvalid(String body, String expectedReason) {
        DecodeResult result = decoder.decode(body);
        assertEquals(DecodeResult.Kind.INVALID, result.kind(), body);
        assertNull(result.event());
        assertTrue(result.reason().contains(expectedReason), result.reason());
    }
}
