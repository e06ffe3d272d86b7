package io.jenkins.plugins.statusqueue.plugin.settings;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The build statuses section ({@code statuses: {contextTemplate, targetUrlTemplate, stateMapping}}): what each
 * build's status says. Setters reject what cannot work, naming the field.
 */
public class StatusSettings extends AbstractDescribableImpl<StatusSettings> {

    private String contextTemplate = StatusMapper.DEFAULT_CONTEXT_TEMPLATE;
    private String targetUrlTemplate = StatusMapper.DEFAULT_TARGET_URL_TEMPLATE;
    private String stateMapping = "";

    @DataBoundConstructor
    public StatusSettings() {
    }

    public String getContextTemplate() {
        return contextTemplate;
    }

    @DataBoundSetter
    public void setContextTemplate(String contextTemplate) {
        this.contextTemplate = Templates.require("Field.ContextTemplate", contextTemplate,
                StatusMapper.DEFAULT_CONTEXT_TEMPLATE, StatusMapper::templateProblem);
    }

    public String getTargetUrlTemplate() {
        return targetUrlTemplate;
    }

    @DataBoundSetter
    public void setTargetUrlTemplate(String targetUrlTemplate) {
        this.targetUrlTemplate = Templates.require("Field.TargetUrlTemplate", targetUrlTemplate,
                StatusMapper.DEFAULT_TARGET_URL_TEMPLATE, StatusMapper::templateProblem);
    }

    public String getStateMapping() {
        return stateMapping;
    }

    /** @throws IllegalArgumentException naming the line that is not {@code buildkite_state=github_state} */
    @DataBoundSetter
    public void setStateMapping(String stateMapping) {
        this.stateMapping = Templates.requireMapping("Field.StateMapping", stateMapping, StateMapping::parse);
    }

    /** Hand-edited XML may leave a field out; XStream then leaves it {@code null}. */
    protected Object readResolve() {
        contextTemplate = Templates.orDefault(contextTemplate, StatusMapper.DEFAULT_CONTEXT_TEMPLATE);
        targetUrlTemplate = Templates.orDefault(targetUrlTemplate, StatusMapper.DEFAULT_TARGET_URL_TEMPLATE);
        stateMapping = Fields.trim(stateMapping);
        return this;
    }

    @Extension
    @Symbol("statuses")
    public static final class DescriptorImpl extends Descriptor<StatusSettings> {

        @Override
        public String getDisplayName() {
            return Messages.format("StatusSettings.DisplayName");
        }

        @POST
        public FormValidation doCheckContextTemplate(@QueryParameter String value) {
            return Templates.check(value, StatusMapper::templateProblem);
        }

        @POST
        public FormValidation doCheckTargetUrlTemplate(@QueryParameter String value) {
            return Templates.check(value, StatusMapper::templateProblem);
        }

        @POST
        public FormValidation doCheckStateMapping(@QueryParameter String value) {
            return Templates.checkMapping(value, StateMapping::parse);
        }
    }
}
