package io.jenkins.plugins.statusqueue.trigger;

import java.util.Map;

/**
 * What a message became for one job: build parameters, a polite "not for me", or a message that cannot be mapped.
 *
 * @param kind       which of the three
 * @param parameters for {@link Kind#ACCEPTED}: every parameter, in order
 * @param reason     for the other kinds: why, in a sentence
 */
public record MessageMapping(Kind kind, Map<String, String> parameters, String reason) {

    public enum Kind {
        ACCEPTED, DECLINED, ERROR
    }

    public MessageMapping {
        parameters = parameters == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new java.util.LinkedHashMap<>(parameters));
    }

    public static MessageMapping accepted(Map<String, String> parameters) {
        return new MessageMapping(Kind.ACCEPTED, parameters, null);
    }

    public static MessageMapping declined(String reason) {
        return new MessageMapping(Kind.DECLINED, null, reason);
    }

    public static MessageMapping error(String reason) {
        return new MessageMapping(Kind.ERROR, null, reason);
    }
}
