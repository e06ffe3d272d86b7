package io.jenkins.plugins.statusqueue.trigger;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a message's values become in a build. As Jenkins core does for undefined parameters (SECURITY-170), a value
 * becomes a build parameter, under its own name, only where the job defines that parameter. The others reach the
 * build's environment only under names the message cannot choose: {@code SQS_BODY}, {@code SQS_MESSAGE_ID} and
 * {@code SQS_SENT_TIMESTAMP} as they are, every other value as {@code SQS_FIELD_<name>} (the name made safe), so
 * that a message can never set {@code PATH}, {@code LD_PRELOAD} or any other variable a build relies on.
 *
 * @param parameters  the values whose names the job defines, in the message's order
 * @param environment the other values, under their environment names, in the message's order; a build adds them only
 *                    where no variable of that name exists
 */
public record ParameterSplit(Map<String, String> parameters, Map<String, String> environment) {

    /** The prefix of every value the job does not define as a parameter. */
    public static final String FIELD_PREFIX = "SQS_FIELD_";
    private static final Set<String> OWN_NAMES = Set.of(StandardMappers.BODY, StandardMappers.MESSAGE_ID,
            StandardMappers.SENT_TIMESTAMP);

    public static ParameterSplit of(Map<String, String> values, Collection<String> defined) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Map<String, String> environment = new LinkedHashMap<>();
        // Jenkins' environment ignores case, so two names differing only in case would be one variable.
        Set<String> taken = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        values.keySet().stream().filter(defined::contains).forEach(taken::add);
        values.forEach((name, value) -> {
            String text = value == null ? "" : value;
            if (defined.contains(name)) {
                parameters.put(name, text);
                return;
            }
            String base = OWN_NAMES.contains(name) ? name : FIELD_PREFIX + StandardMappers.parameterName(name);
            String unique = StandardMappers.uniqueName(base, taken::contains);
            taken.add(unique);
            environment.put(unique, text);
        });
        return new ParameterSplit(parameters, environment);
    }
}
