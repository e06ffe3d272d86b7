package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageFilterTest {

    private static final String BODY = "{\"detail\":{\"pipeline\":{\"slug\":\"web\"},\"tags\":[\"prod\",\"eu\"],"
            + "\"build\":{\"number\":42}}, \"odd key\": 1}";

    @Test
    void jsonPathMustExistOrHoldTheValue() {
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
    void regexIsFoundAnywhereInTheBody() {
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
}
