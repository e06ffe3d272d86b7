package io.jenkins.plugins.statusqueue.http;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A complete HTTP answer.
 *
 * @param status  the status code
 * @param headers the header fields, looked up without regard to case
 * @param body    the body, empty when there was none
 */
public record HttpAnswer(int status, Map<String, List<String>> headers, byte[] body) {

    /** The first value of a header field, or {@code null}. */
    public String header(String name) {
        return first(headers, name);
    }

    static String first(Map<String, List<String>> headers, String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * The wait a {@code Retry-After} value asks for: its seconds (at least one), a minute for the HTTP-date form
     * (GitHub and API Gateway send seconds), {@code null} without one.
     */
    public static Duration retryAfter(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(value.trim())));
        } catch (NumberFormatException httpDate) {
            return Duration.ofMinutes(1);
        }
    }

    /** The body as UTF-8 text, the charset of every JSON API this plugin talks to. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
