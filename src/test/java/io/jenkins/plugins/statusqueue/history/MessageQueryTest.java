package io.jenkins.plugins.statusqueue.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageQueryTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final MessageRecord WEB = new MessageRecord(Instant.EPOCH, "m", "ghe.example.com/Acme/Web", SHA,
            "buildkite/web/unit (2/4)", "passed", "success", Outcome.POSTED, "201",
            "https://buildkite.com/acme/web/builds/42#0190-job", 1, 5);

    @Test
    void everyCriterionGivenMustMatch() throws Exception {
        assertTrue(MessageQuery.parse("acme/web", SHA.substring(0, 7), "WEB/UNIT", "42", "posted").matches(WEB));
        assertTrue(MessageQuery.parse(" ", "", null, "", "").isEmpty());
        assertTrue(MessageQuery.ALL.matches(WEB));
        assertFalse(MessageQuery.parse("acme/api", null, null, null, null).matches(WEB));
        assertFalse(MessageQuery.parse(null, "1123456", null, null, null).matches(WEB));
        assertFalse(MessageQuery.parse(null, null, null, "4", null).matches(WEB), "build 4 is not build 42");
        assertFalse(MessageQuery.parse(null, null, null, null, "RETRY").matches(WEB));
        assertTrue(MessageQuery.parse(null, SHA.toUpperCase(), null, "#42", null).matches(WEB));
    }

    @Test
    void refusesWhatCannotAnswerTheQuestion() {
        assertThrows(MessageQuery.InvalidQueryException.class, () -> MessageQuery.parse(null, "012345", null, null,
                null), "6 digits find too many commits");
        assertThrows(MessageQuery.InvalidQueryException.class, () -> MessageQuery.parse(null, "0123456z", null, null,
                null));
        assertThrows(MessageQuery.InvalidQueryException.class, () -> MessageQuery.parse(null, null, null, "forty-two",
                null));
        assertThrows(MessageQuery.InvalidQueryException.class, () -> MessageQuery.parse(null, null, null, null,
                "LOST"));
    }

    @Test
    void findsTheBuildNumberInBuildkiteLinks() {
        assertEquals(42L, MessageQuery.buildNumber("https://buildkite.com/acme/web/builds/42"));
        assertEquals(42L, MessageQuery.buildNumber("https://buildkite.com/acme/web/builds/42#job"));
        assertNull(MessageQuery.buildNumber("https://buildkite.com/acme/web"));
        assertNull(MessageQuery.buildNumber(null));
    }
}
