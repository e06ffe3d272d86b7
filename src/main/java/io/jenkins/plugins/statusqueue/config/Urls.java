package io.jenkins.plugins.statusqueue.config;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/** What the URL checks of every service share. */
public final class Urls {

    /**
     * A URL that passed the shared checks, or why it did not.
     *
     * @param uri     the parsed URL when {@code problem} is {@code null}
     * @param problem the error to show, or {@code null}
     */
    public record Parsed(URI uri, FieldCheck problem) {
    }

    private Urls() {
    }

    /**
     * Parses an http(s) URL whose requests carry a secret, so plain http is refused except on a loopback address.
     *
     * @param url     what the administrator entered
     * @param example an example URL, shown when the value is missing or not a URL
     * @param secret  what would travel in clear text over http, for the message ("the token", "the API key")
     */
    public static Parsed parse(String url, String example, String secret) {
        if (url == null || url.isBlank()) {
            return new Parsed(null, FieldCheck.error("Enter the URL, for example " + example));
        }
        URI uri;
        try {
            uri = new URI(normalize(url));
        } catch (URISyntaxException e) {
            return new Parsed(null, FieldCheck.error("Not a URL: " + e.getReason()));
        }
        if (uri.getHost() == null || !uri.isAbsolute()) {
            return new Parsed(null, FieldCheck.error("Not an absolute URL with a host, for example " + example));
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !isLoopback(uri.getHost())) {
            return new Parsed(null, FieldCheck.error("Use https: " + secret + " would travel in clear text over http"));
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return new Parsed(null, FieldCheck.error("Use an https URL, for example " + example));
        }
        return new Parsed(uri, null);
    }

    /** The URL trimmed and without trailing slashes, so that paths can be appended. */
    public static String normalize(String url) {
        String trimmed = url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** Whether plain http is harmless because the host is this machine (tests, the sandbox). */
    public static boolean isLoopback(String host) {
        if (host.equalsIgnoreCase("localhost")) {
            return true;
        }
        try {
            return host.matches("[0-9.]+|\\[[0-9a-fA-F:]+]") && InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
