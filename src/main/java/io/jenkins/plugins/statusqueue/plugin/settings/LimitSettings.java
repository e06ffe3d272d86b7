package io.jenkins.plugins.statusqueue.plugin.settings;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.drain.DrainLimit;
import io.jenkins.plugins.statusqueue.drain.DrainSettings;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * The drain's limits, under Advanced ({@code limits: {intervalSeconds, maxMessagesPerPass, maxSecondsPerPass,
 * concurrency, longPollSeconds, retryDelaySeconds}}). Setters reject a number outside its {@link DrainLimit}.
 */
public class LimitSettings extends AbstractDescribableImpl<LimitSettings> {

    private int intervalSeconds = DrainLimit.INTERVAL_SECONDS.defaultValue();
    private int maxMessagesPerPass = DrainLimit.MAX_MESSAGES_PER_PASS.defaultValue();
    private int maxSecondsPerPass = DrainLimit.MAX_SECONDS_PER_PASS.defaultValue();
    private int concurrency = DrainLimit.CONCURRENCY.defaultValue();
    private int longPollSeconds = DrainLimit.LONG_POLL_SECONDS.defaultValue();
    private int retryDelaySeconds = DrainLimit.RETRY_DELAY_SECONDS.defaultValue();

    @DataBoundConstructor
    public LimitSettings() {
    }

    public int getIntervalSeconds() {
        return intervalSeconds;
    }

    @DataBoundSetter
    public void setIntervalSeconds(int intervalSeconds) {
        this.intervalSeconds = DrainLimit.INTERVAL_SECONDS.require(intervalSeconds);
    }

    public int getMaxMessagesPerPass() {
        return maxMessagesPerPass;
    }

    @DataBoundSetter
    public void setMaxMessagesPerPass(int maxMessagesPerPass) {
        this.maxMessagesPerPass = DrainLimit.MAX_MESSAGES_PER_PASS.require(maxMessagesPerPass);
    }

    public int getMaxSecondsPerPass() {
        return maxSecondsPerPass;
    }

    @DataBoundSetter
    public void setMaxSecondsPerPass(int maxSecondsPerPass) {
        this.maxSecondsPerPass = DrainLimit.MAX_SECONDS_PER_PASS.require(maxSecondsPerPass);
    }

    public int getConcurrency() {
        return concurrency;
    }

    @DataBoundSetter
    public void setConcurrency(int concurrency) {
        this.concurrency = DrainLimit.CONCURRENCY.require(concurrency);
    }

    public int getLongPollSeconds() {
        return longPollSeconds;
    }

    @DataBoundSetter
    public void setLongPollSeconds(int longPollSeconds) {
        this.longPollSeconds = DrainLimit.LONG_POLL_SECONDS.require(longPollSeconds);
    }

    public int getRetryDelaySeconds() {
        return retryDelaySeconds;
    }

    @DataBoundSetter
    public void setRetryDelaySeconds(int retryDelaySeconds) {
        this.retryDelaySeconds = DrainLimit.RETRY_DELAY_SECONDS.require(retryDelaySeconds);
    }

    /** The bounds of one pass, from the administrator's numbers. */
    public DrainSettings drainSettings() {
        return DrainLimit.settings(maxMessagesPerPass, maxSecondsPerPass, concurrency, longPollSeconds,
                retryDelaySeconds);
    }

    @Extension
    @Symbol("limits")
    public static final class DescriptorImpl extends Descriptor<LimitSettings> {

        @Override
        public String getDisplayName() {
            return Messages.format("LimitSettings.DisplayName");
        }

        /** For the form's number fields: the same bounds the setters check. */
        public DrainLimit limit(String name) {
            return DrainLimit.valueOf(name);
        }

        @POST
        public FormValidation doCheckIntervalSeconds(@QueryParameter String value) {
            return FormChecks.checkNumber(DrainLimit.INTERVAL_SECONDS, value);
        }

        @POST
        public FormValidation doCheckMaxMessagesPerPass(@QueryParameter String value) {
            return FormChecks.checkNumber(DrainLimit.MAX_MESSAGES_PER_PASS, value);
        }

        @POST
        public FormValidation doCheckMaxSecondsPerPass(@QueryParameter String value) {
            return FormChecks.checkNumber(DrainLimit.MAX_SECONDS_PER_PASS, value);
        }

        @POST
        public FormValidation doCheckConcurrency(@QueryParameter String value) {
            return FormChecks.checkNumber(DrainLimit.CONCURRENCY, value);
        }

        @POST
        public FormValidation doCheckLongPollSeconds(@QueryParameter String value) {
            return FormChecks.checkNumber(DrainLimit.LONG_POLL_SECONDS, value);
        }

        @POST
        public FormValidation doCheckRetryDelaySeconds(@QueryParameter String value) {
            return FormChecks.checkNumber(DrainLimit.RETRY_DELAY_SECONDS, value);
        }
    }
}
