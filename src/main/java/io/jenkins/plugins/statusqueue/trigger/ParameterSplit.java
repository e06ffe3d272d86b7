package io.jenkins.plugins.statusqueue.trigger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a message's values become in a build. As Jenkins core does for undefined parameters (SECURITY-170), a value
 * becomes a build parameter, under its own name, only where the job defines that parameter. The others reach the
 * build's environment only under names the message cannot choose: {@code SQS_BODY}, {@code SQS_MESSAGE_ID} and
 * {@code SQS_SENT_TIMESTAMP} as they are, every other value as {@code SQS_FIELD_<name>} (the name made safe), so
 * that a message can never set {@code PATH}, {@code LD_PRELOAD} or any other variable a build relies on.
 * <p>
 * Linux refuses to start a process with one environment string over 128 KiB, or with all of them over about 2 MiB, so
 * every environment value is cut at {@link #MAX_VALUE_BYTES} (UTF-8) and all of them together at
 * {@link #MAX_TOTAL_BYTES}; {@code SQS_TRUNCATED} then lists the variables cut, comma-separated.
 *
 * @param parameters  the values whose names the job defines, in the message's order
 * @param environment the other values, under their environment names, in the message's order; a build adds them only
 *                    where no variable of that name exists
 */
public record ParameterSplit(Map<String, String> parameters, Map<String, String> environment) {

    /** The prefix of every value the job does not define as a parameter. */
    public static final String FIELD_PREFIX = "SQS_FIELD_";
    /** Lists the environment variables whose values were cut. */
    public static final String TRUNCATED = "SQS_TRUNCATED";
    /** The most one environment value takes, in UTF-8 bytes: half of Linux's limit for one string. */
    public static final int MAX_VALUE_BYTES = 64 * 1024;
    /** The most all of a message's environment values take together, in UTF-8 bytes. */
    public static final int MAX_TOTAL_BYTES = 512 * 1024;
    private static final Set<String> OWN_NAMES = Set.of(StandardMappers.BODY, StandardMappers.MESSAGE_ID,
            StandardMappers.SENT_TIMESTAMP);

    public static ParameterSplit of(Map<String, String> values, Collection<String> defined) {
        Set<String> definedNames = new HashSet<>(defined);
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, String> environment = new LinkedHashMap<>();
        // Jenkins' environment ignores case, so two names differing only in case would be one variable.
        UniqueNames names = new UniqueNames(true);
        values.keySet().stream().filter(definedNames::contains).forEach(names::reserve);
        names.reserve(TRUNCATED);
        List<String> truncated = new ArrayList<>();
        int budget = MAX_TOTAL_BYTES;
        for (Map.Entry<String, String> entry : values.entrySet()) {
            String name = entry.getKey();
            String text = entry.getValue() == null ? "" : entry.getValue();
            if (definedNames.contains(name)) {
                parameters.put(name, text);
                continue;
            }
            String unique = names.claim(OWN_NAMES.contains(name) ? name
                    : FIELD_PREFIX + StandardMappers.parameterName(name));
            String capped = cut(text, Math.min(MAX_VALUE_BYTES, budget));
            budget -= capped.getBytes(StandardCharsets.UTF_8).length;
            if (capped.length() < text.length()) {
                truncated.add(unique);
            }
            environment.put(unique, capped);
        }
        if (!truncated.isEmpty()) {
            environment.put(TRUNCATED, String.join(",", truncated));
        }
        return new ParameterSplit(parameters, environment);
    }

    /** The longest start of {@code text} of at most {@code maxBytes} UTF-8 bytes, never splitting a character. */
    static String cut(String text, int maxBytes) {
        if (text.length() * 3L <= maxBytes) {
            return text;
        }
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;
            if (bytes + size > maxBytes) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end);
    }
}
