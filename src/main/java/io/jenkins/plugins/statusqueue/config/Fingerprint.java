package io.jenkins.plugins.statusqueue.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A SHA-256 digest of configuration values, secrets included, so that a long-lived object built from them can be
 * reused while they are unchanged without keeping a secret in clear text as the comparison key.
 */
public final class Fingerprint {

    private Fingerprint() {
    }

    /** Distinct for distinct lists of parts: each part is length-prefixed, and {@code null} differs from "". */
    public static String of(String... parts) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
        for (String part : parts) {
            if (part == null) {
                digest.update((byte) 0);
                continue;
            }
            byte[] bytes = part.getBytes(StandardCharsets.UTF_8);
            digest.update((byte) 1);
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
