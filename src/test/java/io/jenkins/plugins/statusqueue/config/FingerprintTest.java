package io.jenkins.plugins.statusqueue.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.junit.jupiter.api.Test;

class FingerprintTest {

    @Test
    void sameValuesSameFingerprint() {
        assertEquals(Fingerprint.of("https://q", "key"), Fingerprint.of("https://q", "key"));
        assertEquals(64, Fingerprint.of("x").length());
    }

    @Test
    void anyChangedPartChangesIt() {
        assertNotEquals(Fingerprint.of("https://q", "key"), Fingerprint.of("https://q", "key2"));
        assertNotEquals(Fingerprint.of("ab", "c"), Fingerprint.of("a", "bc"));
        assertNotEquals(Fingerprint.of((String) null), Fingerprint.of(""));
    }

    @Test
    void neverContainsTheSecret() {
        assertFalse(Fingerprint.of("ghp_secret").contains("secret"));
    }
}
