package io.jenkins.plugins.statusqueue.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DrainLimitTest {

    @Test
    void defaultsAreTheEngineDefaults() {
        assertEquals(DrainSettings.DEFAULTS, DrainLimit.settings(DrainLimit.MAX_MESSAGES_PER_PASS.defaultValue(),
                DrainLimit.MAX_SECONDS_PER_PASS.defaultValue(), DrainLimit.CONCURRENCY.defaultValue(),
                DrainLimit.LONG_POLL_SECONDS.defaultValue(), DrainLimit.RETRY_DELAY_SECONDS.defaultValue()));
        assertEquals(10, DrainLimit.INTERVAL_SECONDS.defaultValue());
    }

    @Test
    void everyBoundTheFormAcceptsMakesValidSettings() {
        DrainSettings lowest = DrainLimit.settings(DrainLimit.MAX_MESSAGES_PER_PASS.min(),
                DrainLimit.MAX_SECONDS_PER_PASS.min(), DrainLimit.CONCURRENCY.min(), DrainLimit.LONG_POLL_SECONDS.min(),
                DrainLimit.RETRY_DELAY_SECONDS.min());
        DrainSettings highest = DrainLimit.settings(DrainLimit.MAX_MESSAGES_PER_PASS.max(),
                DrainLimit.MAX_SECONDS_PER_PASS.max(), DrainLimit.CONCURRENCY.max(), DrainLimit.LONG_POLL_SECONDS.max(),
                DrainLimit.RETRY_DELAY_SECONDS.max());
        assertEquals(new DrainSettings(1, Duration.ofSeconds(1), 1, 0, Duration.ZERO), lowest);
        assertEquals(20, highest.longPollSeconds());
        assertEquals(Duration.ofHours(12), highest.retryDelay());
    }

    @Test
    void settingsRejectAValueOutOfBoundsNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DrainLimit.settings(1000, 60, 8, 21, 60));
        assertEquals("Long-poll seconds must be between 0 and 20, not 21", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DrainLimit.settings(1000, 60, 0, 5, 60));
        assertThrows(IllegalArgumentException.class, () -> DrainLimit.settings(1000, 60, 8, 5, -1));
    }

    @Test
    void checksWhatTheAdministratorTyped() {
        assertEquals(FieldCheck.ok(), DrainLimit.INTERVAL_SECONDS.check(" 30 "));
        assertEquals(FieldCheck.ok(), DrainLimit.LONG_POLL_SECONDS.check("0"));
        assertEquals(FieldCheck.error("Seconds between passes must be between 1 and 3600, not 0"),
                DrainLimit.INTERVAL_SECONDS.check("0"));
        assertEquals(FieldCheck.error("'ten' is not a whole number. Concurrent status posts must be between 1 and 64"),
                DrainLimit.CONCURRENCY.check("ten"));
        FieldCheck blank = DrainLimit.MAX_MESSAGES_PER_PASS.check("");
        assertTrue(blank.isError());
        assertTrue(blank.message().endsWith("the default is 1000"), blank.message());
    }
}
