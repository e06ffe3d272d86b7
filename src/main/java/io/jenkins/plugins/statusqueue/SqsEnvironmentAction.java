package io.jenkins.plugins.statusqueue;

import hudson.EnvVars;
import hudson.model.EnvironmentContributingAction;
import hudson.model.Run;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every value the message carried, in the build's environment, including those Jenkins drops as build parameters
 * because the job does not define them; the build page says which those were.
 */
public class SqsEnvironmentAction implements EnvironmentContributingAction {

    // Saved in build.xml: only collection types Jenkins' class filter lets XStream write (no List.copyOf).
    private final LinkedHashMap<String, String> values;
    private final ArrayList<String> undefined;

    public SqsEnvironmentAction(Map<String, String> values, List<String> undefined) {
        this.values = new LinkedHashMap<>(values);
        this.undefined = new ArrayList<>(undefined);
    }

    @Override
    public void buildEnvironment(Run<?, ?> run, EnvVars env) {
        values.forEach(env::put);
    }

    public Map<String, String> getValues() {
        return values;
    }

    /** The values that are not parameters of the job, so only in the environment. */
    public List<String> getUndefined() {
        return undefined;
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
