package io.jenkins.plugins.statusqueue.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimesTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

    @Test
    void saysHowLongAgo() {
        assertEquals("just now", Times.ago(NOW.minusMillis(300), NOW));
        assertEquals("45 sec ago", Times.ago(NOW.minusSeconds(45), NOW));
        assertEquals("3 min ago", Times.ago(NOW.minusSeconds(180), NOW));
        assertEquals("2 hr 5 min ago", Times.ago(NOW.minusSeconds(2 * 3600 + 300), NOW));
        assertEquals("1 day 4 hr ago", Times.ago(NOW.minus(Duration.ofHours(28)), NOW));
        assertEquals("3 days ago", Times.ago(NOW.minus(Duration.ofDays(3)), NOW));
        assertEquals("in 10 sec", Times.ago(NOW.plusSeconds(10), NOW));
    }

    @Test
    void saysDurationsInWords() {
        assertEquals("850 ms", Times.words(Duration.ofMillis(850)));
        assertEquals("1.5 sec", Times.words(Duration.ofMillis(1500)));
        assertEquals("42 sec", Times.words(Duration.ofSeconds(42)));
        assertEquals("2 min 5 sec", Times.words(Duration.ofSeconds(125)));
        assertEquals("15 min", Times.words(Duration.ofMinutes(15)));
        assertEquals("1 hr 3 min", Times.words(Duration.ofMinutes(63)));
    }
}
