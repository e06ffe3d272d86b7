package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageFilterTest {

    private static MessageBody body(String text) {
        return body(text, MessageBounds.DEFAULT);
    }

    private static MessageBody body(String text, MessageBounds bounds) {
        return new MessageBody(new QueueMessage("id-1", "handle", text, 1, null, Map.of()), bounds);
    }

    private static final String BODY = "{\"detail\":{\"pipeline\":{\"slug\":\"web\"},\"tags\":[\"prod\",\"eu\"],"
            + "\"build\":{\"number\":42}}, \"odd key\": 1}";

    @Test
    void jsonPathMustExistOrHoldTheValue() throws Exception {
        assertTrue(MessageFilter.jsonPath("$.detail.pipeline.slug", "web").accepts(body(BODY)));
        assertFalse(MessageFilter.jsonPath("$.detail.pipeline.slug", "api").accepts(body(BODY)));
        assertTrue(MessageFilter.jsonPath("$.detail.tags[1]", "eu").accepts(body(BODY)));
        assertTrue(MessageFilter.jsonPath("$.detail.build.number", "42").accepts(body(BODY)));
        assertTrue(MessageFilter.jsonPath("$['odd key']", "").accepts(body(BODY)));
        assertTrue(MessageFilter.jsonPath("$.detail.pipeline", null).accepts(body(BODY)));
        assertFalse(MessageFilter.jsonPath("$.detail.missing", null).accepts(body(BODY)));
        assertFalse(MessageFilter.jsonPath("$.detail.tags[5]", null).accepts(body(BODY)));
        assertFalse(MessageFilter.jsonPath("$.detail", null).accepts(body("not json")));
    }

    @Test
    void regexIsFoundAnywhereInTheBody() throws Exception {
        assertTrue(MessageFilter.regex("\"slug\":\"web\"").accepts(body(BODY)));
        assertFalse(MessageFilter.regex("^web$").accepts(body(BODY)));
        assertTrue(MessageFilter.ALL.accepts(body("anything")));
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
                () -> catastrophic.accepts(body(body)));
        assertTrue(undecided.getMessage().contains("took over 100 ms"), undecided.getMessage());
    }

    @Test
    void aDeeplyRecursingRegexIsAbandonedNotAStackOverflowForThePoller() {
        MessageFilter recursive = MessageFilter.regex("(a|b)*c");
        String body = "ab".repeat(30_000);
        MessageFilter.UndecidedException undecided = assertThrows(MessageFilter.UndecidedException.class,
                () -> recursive.accepts(body(body)));
        assertTrue(undecided.getMessage().contains("recursed too deeply")
                || undecided.getMessage().contains("took over"), undecided.getMessage());
    }

    @Test
    void noFilterReadsABodyOverTheBoundAndTheJsonIsParsedOnceForEveryJob() throws Exception {
        MessageFilter regex = MessageFilter.regex("deploy");
        MessageFilter path = MessageFilter.jsonPath("$.kind", "deploy");
        String large = "{\"kind\":\"deploy\",\"pad\":\"" + "x".repeat(MessageBounds.DEFAULT_BODY_CHARS) + "\"}";
        MessageBounds.ExceededException exceeded = assertThrows(MessageBounds.ExceededException.class,
                () -> regex.accepts(body(large)));
        assertTrue(exceeded.getMessage().contains("over the 65536"), exceeded.getMessage());
        assertThrows(MessageBounds.ExceededException.class, () -> path.accepts(body(large)));
        String fits = "deploy " + "x".repeat(MessageBounds.DEFAULT_BODY_CHARS - 7);
        assertTrue(regex.accepts(body(fits)), "a body of exactly the bound is matched");

        MessageBody deep = body("{\"kind\":\"deploy\",\"a\":[[[[[1]]]]]}", new MessageBounds(1000, 10, 5));
        assertThrows(MessageBounds.ExceededException.class, () -> path.accepts(deep));
        MessageBody shared = body("{\"kind\":\"deploy\"}");
        assertTrue(path.accepts(shared));
        assertTrue(shared.json() == shared.json(), "parsed once");
    }
}
