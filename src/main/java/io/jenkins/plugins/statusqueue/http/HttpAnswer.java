package io.jenkins.plugins.statusqueue.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import okhttp3.Headers;

/**
 * A complete HTTP answer.
 *
 * @param status          the status code
 * @param headers         the header fields, looked up without regard to case
 * @param body            the body, empty when there was none
 * @param reusedConnection whether it came on a kept-alive connection that had carried earlier answers
 */
public record HttpAnswer(int status, Headers headers, byte[] body, boolean reusedConnection) {

    /** The longest a server may make the plugin wait: a year-long {@code Retry-After} is a server's mistake. */
    public static final Duration MAX_SERVER_WAIT = Duration.ofHours(1);

    /** The first value of a header field, or {@code null}. */
    public String header(String name) {
        List<String> values = headers.values(name);
        return values.isEmpty() ? null : values.get(0);
    }

    /** The header fields as a map whose names ignore case; built when asked, as an accepted post never does. */
    public Map<String, List<String>> headerMap() {
        return headers.toMultimap();
    }

    /**
     * The wait a {@code Retry-After} value asks for: its seconds (at least one, at most {@link #MAX_SERVER_WAIT}), a
     * minute for the HTTP-date form (GitHub and API Gateway send seconds), {@code null} without one.
     */
    public static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
        String seconds = value.trim();
        if (seconds.matches("[0-9]+")) {
            return seconds.length() > 7 ? MAX_SERVER_WAIT : clamp(Duration.ofSeconds(Long.parseLong(seconds)));
        }
        return Duration.ofMinutes(1);
    }

    /** A wait a server asked for, between one second and {@link #MAX_SERVER_WAIT}; {@code null} stays null. */
    public static Duration clamp(Duration wait) {
        if (wait == null) {
            return null;
        }
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : wait.compareTo(MAX_SERVER_WAIT) > 0 ? MAX_SERVER_WAIT : wait;
    }

    /** The body as UTF-8 text, the charset of every JSON API this plugin talks to. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
