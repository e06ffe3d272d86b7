package io.jenkins.plugins.statusqueue.plugin.trigger;

import com.cloudbees.plugins.credentials.CredentialsParameterDefinition;
import hudson.model.FileParameterDefinition;
import hudson.model.ParameterDefinition;
import hudson.model.ParameterValue;
import hudson.model.PasswordParameterDefinition;
import hudson.model.RunParameterDefinition;
import hudson.model.SimpleParameterDefinition;
import io.jenkins.plugins.statusqueue.trigger.BuildRefusedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A build's parameters from a message, typed as the job defines them: each value goes through its parameter's own
 * {@link SimpleParameterDefinition#createValue(String)} and {@link ParameterDefinition#isValid(ParameterValue)}, as
 * the CLI's does, so choices, booleans and validating parameters hold. A parameter the message has no value for gets
 * its default, as in a build started from the web page. Password, credentials, file and run parameters never take a
 * value from a message (it would choose a secret, a credential id, a file or another build): they keep their
 * defaults, and so does a parameter whose type cannot take a value from text.
 */
final class MessageParameters {

    private MessageParameters() {
    }

    /**
     * @param values the message's values for the parameters the job defines
     * @param note   told of each value that was ignored, for the job's trigger log
     * @throws BuildRefusedException naming the parameter, when it refuses the message's value
     */
    static List<ParameterValue> of(List<ParameterDefinition> definitions, Map<String, String> values,
            Consumer<String> note) throws BuildRefusedException {
        List<ParameterValue> parameters = new ArrayList<>();
        for (ParameterDefinition definition : definitions) {
            String name = definition.getName();
            String value = values.get(name);
            ParameterValue parameter;
            if (value == null) {
                parameter = definition.getDefaultParameterValue();
            } else if (neverFromMessage(definition)) {
                note.accept("parameter '" + name + "' kept its default: password, credentials, file and run "
                        + "parameters are never set from a message");
                parameter = definition.getDefaultParameterValue();
            } else if (definition instanceof SimpleParameterDefinition simple) {
                parameter = typed(simple, value);
            } else {
                note.accept("parameter '" + name + "' kept its default: its type takes no value from a message");
                parameter = definition.getDefaultParameterValue();
            }
            if (parameter != null) {
                parameters.add(parameter);
            }
        }
        return parameters;
    }

    private static boolean neverFromMessage(ParameterDefinition definition) {
        return definition instanceof PasswordParameterDefinition || definition instanceof CredentialsParameterDefinition
                || definition instanceof FileParameterDefinition || definition instanceof RunParameterDefinition;
    }

    private static ParameterValue typed(SimpleParameterDefinition definition, String value)
            throws BuildRefusedException {
        String refused = "parameter '" + definition.getName() + "' refused the message's value";
        ParameterValue parameter;
        boolean valid;
        try {
            parameter = definition.createValue(value);
            valid = parameter != null && definition.isValid(parameter);
        } catch (RuntimeException e) {
            throw new BuildRefusedException(refused, "parameter '" + definition.getName() + "' refused the value: "
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()));
        }
        if (!valid) {
            throw new BuildRefusedException(refused, "parameter '" + definition.getName() + "' refused the value: "
                    + "it is not valid for the parameter");
        }
        return parameter;
    }
}
