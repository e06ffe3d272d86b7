package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageFilterTest {

    private static final String BODY = "{\"detail\":{\"pipeline\":{\"slug\":\"web\"},\"tags\":[\"prod\",\"eu\"],"
            + "\"build\":{\"number\":42}}, \"odd key\": 1}";

    @Test
    void jsonPathMustExistOrHoldTheValue() throws Exception {
        assertTrue(MessageFilter.jsonPath("$.detail.pipeline.slug", "web").accepts(BODY));
        assertFalse(MessageFilter.jsonPath("$.detail.pipeline.slug", "api").accepts(BODY));
        assertTrue(MessageFilter.jsonPath("$.detail.tags[1]", "eu").accepts(BODY));
        assertTrue(MessageFilter.jsonPath("$.detail.build.number", "42").accepts(BODY));
        assertTrue(MessageFilter.jsonPath("$['odd key']", "").accepts(BODY));
        assertTrue(MessageFilter.jsonPath("$.detail.pipeline", null).accepts(BODY));
        assertFalse(MessageFilter.jsonPath("$.detail.missing", null).accepts(BODY));
        assertFalse(MessageFilter.jsonPath("$.detail.tags[5]", null).accepts(BODY));
        assertFalse(MessageFilter.jsonPath("$.detail", null).accepts("not json"));
    }

    @Test
    void regexIsFoundAnywhereInTheBody() throws Exception {
        assertTrue(MessageFilter.regex("\"slug\":\"web\"").accepts(BODY));
        assertFalse(MessageFilter.regex("^web$").accepts(BODY));
        assertTrue(MessageFilter.ALL.accepts("anything"));
    }

    @Test
    void badExpressionsAreRefusedWithAReason() {
        assertThrows(IllegalArgumentException.class, () -> MessageFilter.regex("(unclosed"));
        assertThrows(IllegalArgumentException.class, () -> MessageFilter.jsonPath("detail.slug", null));
        assertThrows(IllegalArgumentException.class, () -> MessageFilter.jsonPath("$.a[x]", null));
        assertThrows(IllegalArgumentException.class, () -> MessageFilter.jsonPath("$.a[0", null));
        assertThrows(IllegalArgumentException.class, () -> MessageFilter.jsonPath("$.a b", null));
    }

    @Test
    void aBacktrackingRegexOnAHostileBodyIsAbandonedNotRunForever() {
        // Exponential in java.util.regex: every split of the a's is tried before the match fails.
        MessageFilter catastrophic = MessageFilter.regex("^(a+)+$");
        String body = "a".repeat(5_000) + "!";
        MessageFilter.UndecidedException undecided = assertThrows(MessageFilter.UndecidedException.class,
                () -> catastrophic.accepts(body));
        assertTrue(undecided.getMessage().contains("took over 100 ms"), undecided.getMessage());
    }

    @Test
    void aDeeplyRecursingRegexIsAbandonedNotAStackOverflowForThePoller() {
        MessageFilter recursive = MessageFilter.regex("(a|b)*c");
        String body = "ab".repeat(30_000);
        MessageFilter.UndecidedException undecided = assertThrows(MessageFilter.UndecidedException.class,
                () -> recursive.accepts(body));
        assertTrue(undecided.getMessage().contains("recursed too deeply")
                || undecided.getMessage().contains("took over"), undecided.getMessage());
    }

    @Test
    void aBodyOverTheLimitIsNotMatchedByARegexAtAll() throws Exception {
        MessageFilter simple = MessageFilter.regex("deploy");
        String large = "deploy " + "x".repeat(MessageFilter.MAX_REGEX_BODY_CHARS);
        MessageFilter.UndecidedException undecided = assertThrows(MessageFilter.UndecidedException.class,
                () -> simple.accepts(large));
        assertTrue(undecided.getMessage().contains("over the 65536"), undecided.getMessage());
        assertTrue(simple.accepts("deploy " + "x".repeat(MessageFilter.MAX_REGEX_BODY_CHARS - 7)),
                "a body of exactly the limit is matched");
        assertTrue(MessageFilter.jsonPath("$.kind", "deploy").accepts("{\"kind\":\"deploy\",\"pad\":\""
                + "x".repeat(100_000) + "\"}"), "JSON paths have no such limit: parsing is linear");
    }
}
