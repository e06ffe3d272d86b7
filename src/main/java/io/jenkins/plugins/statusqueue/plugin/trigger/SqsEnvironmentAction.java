package io.jenkins.plugins.statusqueue.plugin.trigger;

import hudson.EnvVars;
import hudson.model.Action;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Queue;
import hudson.model.Run;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.trigger.ParameterSplit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The message's values that are not parameters of the job, in the build's environment under names the message
 * cannot choose ({@link ParameterSplit}), and never in place of a variable that is already set. The build page lists
 * the {@code SQS_FIELD_} ones.
 */
public class SqsEnvironmentAction implements EnvironmentContributingAction, Queue.QueueAction {

    // Saved in build.xml: only collection types Jenkins' class filter lets XStream write (no List.copyOf).
    private final LinkedHashMap<String, String> environment;

    public SqsEnvironmentAction(Map<String, String> environment) {
        this.environment = new LinkedHashMap<>(environment);
    }

    @Override
    public void buildEnvironment(Run<?, ?> run, EnvVars env) {
        environment.forEach(env::putIfAbsent);
    }

    /**
     * Jenkins' queue folds a build into one already waiting with the same parameters, which would drop this message's
     * values and count two messages as one build; each message gets a build of its own.
     */
    @Override
    public boolean shouldSchedule(List<Action> actions) {
        for (Action action : actions) {
            if (action instanceof SqsEnvironmentAction other && other.environment.equals(environment)) {
                return false;
            }
        }
        return true;
    }

    public Map<String, String> getEnvironment() {
        return environment;
    }

    /** The {@code SQS_FIELD_} variables: the message's fields the job does not define as parameters. */
    public List<String> getFields() {
        List<String> fields = new ArrayList<>();
        for (String name : environment.keySet()) {
            if (name.startsWith(ParameterSplit.FIELD_PREFIX)) {
                fields.add(name);
            }
        }
        return fields;
    }

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return Messages.format("SqsEnvironmentAction.DisplayName");
    }

    @Override
    public String getUrlName() {
        return null;
    }
}
