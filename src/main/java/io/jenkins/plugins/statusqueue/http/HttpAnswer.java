package io.jenkins.plugins.statusqueue.http;

import java.nio.charset.StandardCharsets;
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
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** The body as UTF-8 text, the charset of every JSON API this plugin talks to. */
    public String text() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
