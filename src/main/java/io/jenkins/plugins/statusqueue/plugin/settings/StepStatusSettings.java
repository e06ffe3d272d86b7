package io.jenkins.plugins.statusqueue.plugin.settings;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import java.util.HashSet;
import java.util.Set;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The per-step statuses section, an optional block: present means on ({@code stepStatuses: {commandSteps,
 * triggerSteps, contextTemplate, stateMapping}}). Each step gets a status of its own from Buildkite's job events.
 */
public class StepStatusSettings extends AbstractDescribableImpl<StepStatusSettings> {

    private boolean commandSteps = true;
    private boolean triggerSteps = true;
    private String contextTemplate = StatusMapper.DEFAULT_STEP_CONTEXT_TEMPLATE;
    private String stateMapping = "";

    @DataBoundConstructor
    public StepStatusSettings() {
    }

    public boolean isCommandSteps() {
        return commandSteps;
    }

    @DataBoundSetter
    public void setCommandSteps(boolean commandSteps) {
        this.commandSteps = commandSteps;
    }

    public boolean isTriggerSteps() {
        return triggerSteps;
    }

    @DataBoundSetter
    public void setTriggerSteps(boolean triggerSteps) {
        this.triggerSteps = triggerSteps;
    }

    public String getContextTemplate() {
        return contextTemplate;
    }

    @DataBoundSetter
    public void setContextTemplate(String contextTemplate) {
        this.contextTemplate = Templates.require("Field.StepContextTemplate", contextTemplate,
                StatusMapper.DEFAULT_STEP_CONTEXT_TEMPLATE, StatusMapper::stepTemplateProblem);
    }

    public String getStateMapping() {
        return stateMapping;
    }

    /** @throws IllegalArgumentException naming the line that is not {@code step_outcome=github_state} */
    @DataBoundSetter
    public void setStateMapping(String stateMapping) {
        this.stateMapping = Templates.requireMapping("Field.StepStateMapping", stateMapping,
                StateMapping::parseSteps);
    }

    /** Hand-edited XML may leave a field out; XStream then leaves it {@code null}. */
    protected Object readResolve() {
        contextTemplate = Templates.orDefault(contextTemplate, StatusMapper.DEFAULT_STEP_CONTEXT_TEMPLATE);
        stateMapping = Fields.trim(stateMapping);
        return this;
    }

    /** Buildkite's job types whose job events become statuses. */
    Set<String> jobTypes() {
        Set<String> types = new HashSet<>();
        if (commandSteps) {
            types.add("script");
        }
        if (triggerSteps) {
            types.add("trigger");
        }
        return types;
    }

    @Extension
    @Symbol("stepStatuses")
    public static final class DescriptorImpl extends Descriptor<StepStatusSettings> {

        @Override
        public String getDisplayName() {
            return Messages.format("StepStatusSettings.DisplayName");
        }

        @POST
        public FormValidation doCheckContextTemplate(@QueryParameter String value) {
            return Templates.check(value, StatusMapper::stepTemplateProblem);
        }

        @POST
        public FormValidation doCheckStateMapping(@QueryParameter String value) {
            return Templates.checkMapping(value, StateMapping::parseSteps);
        }
    }
}
