package io.jenkins.plugins.statusqueue.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextsTest {

    @Test
    void replacesUnpairedSurrogatesAndControlCharactersAndKeepsTheRest() {
        assertEquals("a\uFFFDb", Texts.clean("a\ud800b"));
        assertEquals("\uFFFDa", Texts.clean("\udc00a"));
        assertEquals("a\uFFFD", Texts.clean("a\ud800"));
        assertEquals("\uFFFD\uFFFD\uFFFD\uFFFD", Texts.clean("\u0000\t\u007f\u009b"));
        assertEquals("caf\u00e9 \ud83d\ude00", Texts.clean("caf\u00e9 \ud83d\ude00"), "a pair is a character");
        String clean = "nothing to do";
        assertSame(clean, Texts.clean(clean));
    }

    @Test
    void countsBytesAsUtf8Does() {
        for (String text : new String[] {"abc", "caf\u00e9", "\u20ac\u20ac", "\ud83d\ude00", ""}) {
            assertEquals(text.getBytes(StandardCharsets.UTF_8).length, Texts.utf8Length(text, 100), text);
        }
        assertEquals(11, Texts.utf8Length("x".repeat(1000), 10), "stops counting past the limit");
    }
}
