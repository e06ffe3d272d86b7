package io.jenkins.plugins.statusqueue.trigger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jenkins keeps only the parameters a job defines: those go to the build as parameters, and the names of the others
 * are reported, while every value still reaches the build's environment.
 *
 * @param parameters the values whose names the job defines, in the message's order
 * @param undefined  the names the job does not define
 */
public record ParameterSplit(Map<String, String> parameters, List<String> undefined) {

    public static ParameterSplit of(Map<String, String> values, Collection<String> defined) {
        Map<String, String> parameters = new LinkedHashMap<>();
        List<String> undefined = new ArrayList<>();
        values.forEach((name, value) -> {
            if (defined.contains(name)) {
                parameters.put(name, value);
            } else {
                undefined.add(name);
            }
        });
        return new ParameterSplit(parameters, undefined);
    }
}
