package io.jenkins.plugins.statusqueue;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.SecureUrls;
import io.jenkins.plugins.statusqueue.drain.DrainSettings;
import io.jenkins.plugins.statusqueue.drain.DrainSetup;
import io.jenkins.plugins.statusqueue.drain.SetupException;
import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.github.GitHubApiUrls;
import io.jenkins.plugins.statusqueue.github.GitHubStatusSink;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import java.io.IOException;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.verb.POST;

/** Manage Jenkins > System > Status Queue: where events come from, where statuses go, and how draining runs. */
@Extension
@Symbol("statusQueue")
public class StatusQueueConfiguration extends GlobalConfiguration {

    private static final Logger LOGGER = Logger.getLogger(StatusQueueConfiguration.class.getName());
    static final int MAX_INTERVAL_SECONDS = 3600;
    static final int MAX_MESSAGES_PER_PASS = 100_000;
    static final int MAX_SECONDS_PER_PASS = 600;
    static final int MAX_CONCURRENCY = 256;
    static final int MAX_LONG_POLL_SECONDS = 20;
    /** SQS's longest visibility timeout: 12 hours. */
    static final int MAX_RETRY_DELAY_SECONDS = 43_200;

    private QueueEndpoint queue;
    private String gitHubApiUrl;
    private String gitHubCredentialsId;
    private boolean enabled = true;
    private int intervalSeconds = 10;
    private int maxMessagesPerPass = DrainSettings.DEFAULTS.maxMessages();
    private int maxSecondsPerPass = (int) DrainSettings.DEFAULTS.maxDuration().toSeconds();
    private int concurrency = DrainSettings.DEFAULTS.concurrency();
    private int longPollSeconds = DrainSettings.DEFAULTS.longPollSeconds();
    private int retryDelaySeconds = (int) DrainSettings.DEFAULTS.retryDelay().toSeconds();
    private String stateMapping;
    private String contextTemplate;
    private String targetUrlTemplate;

    /** The connected queue and GitHub client, reused while URLs and secrets stay the same. */
    private transient Connections connections;

    private record Connections(String key, QueueSource queue, GitHubStatusSink sink) {
    }

    public StatusQueueConfiguration() {
        load();
    }

    public static StatusQueueConfiguration get() {
        return ExtensionList.lookupSingleton(StatusQueueConfiguration.class);
    }

    @Override
    public String getDisplayName() {
        return Messages.get("configuration.displayName");
    }

    @Override
    public boolean configure(StaplerRequest req, JSONObject json) throws FormException {
        // Fields absent from the submitted form (an unselected transport) must not keep their old values.
        queue = null;
        stateMapping = null;
        contextTemplate = null;
        targetUrlTemplate = null;
        req.bindJSON(this, json);
        try {
            drainSettings();
            statusMapper();
        } catch (IllegalArgumentException e) {
            throw new FormException(e.getMessage(), "stateMapping");
        }
        save();
        return true;
    }

    /**
     * Everything the next drain pass needs, reusing connected clients while the configuration and the resolved
     * secrets are unchanged.
     */
    public synchronized DrainSetup drainSetup() throws SetupException {
        if (queue == null) {
            throw new SetupException(Messages.get("queue.none"));
        }
        if (gitHubApiUrl == null || gitHubApiUrl.isBlank()) {
            throw new SetupException(Messages.get("gitHub.noUrl"));
        }
        FieldCheck urlCheck = GitHubApiUrls.check(gitHubApiUrl);
        if (urlCheck.isError()) {
            throw new SetupException(Messages.get("gitHub.badUrl", urlCheck.message()));
        }
        String token = CredentialSecrets.tokenFor(gitHubCredentialsId, gitHubApiUrl);
        String key = queue.connectionKey() + "|" + gitHubApiUrl + "|" + CredentialSecrets.digest(token);
        if (connections == null || !connections.key().equals(key)) {
            closeConnections();
            try {
                connections = new Connections(key, queue.open(), new GitHubStatusSink(gitHubApiUrl, token));
            } catch (IOException e) {
                throw new SetupException(Messages.get("gitHub.badUrl", e.getMessage()));
            }
        }
        try {
            return new DrainSetup(connections.queue(), connections.sink(),
                    new EventDecoder(GitHubApiUrls.host(gitHubApiUrl)), statusMapper(), drainSettings());
        } catch (IllegalArgumentException e) {
            throw new SetupException(Messages.get("settings.invalid", e.getMessage()));
        }
    }

    private void closeConnections() {
        if (connections != null) {
            try {
                connections.queue().close();
            } catch (RuntimeException e) {
                LOGGER.log(Level.FINE, "Closing the replaced queue source failed", e);
            }
            connections = null;
        }
    }

    DrainSettings drainSettings() {
        return new DrainSettings(maxMessagesPerPass, Duration.ofSeconds(maxSecondsPerPass), concurrency,
                longPollSeconds, Duration.ofSeconds(retryDelaySeconds));
    }

    StatusMapper statusMapper() {
        return new StatusMapper(StateMapping.parse(stateMapping), contextTemplate, targetUrlTemplate);
    }

    public QueueEndpoint getQueue() {
        return queue;
    }

    @DataBoundSetter
    public void setQueue(QueueEndpoint queue) {
        this.queue = queue;
    }

    public String getGitHubApiUrl() {
        return gitHubApiUrl;
    }

    @DataBoundSetter
    public void setGitHubApiUrl(String gitHubApiUrl) {
        this.gitHubApiUrl = gitHubApiUrl == null || gitHubApiUrl.isBlank() ? null : SecureUrls.trimTrailingSlashes(gitHubApiUrl);
    }

    public String getGitHubCredentialsId() {
        return gitHubCredentialsId;
    }

    @DataBoundSetter
    public void setGitHubCredentialsId(String gitHubCredentialsId) {
        this.gitHubCredentialsId = gitHubCredentialsId;
    }

    public boolean isEnabled() {
        return enabled;
    }

    @DataBoundSetter
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public int getIntervalSeconds() {
        return intervalSeconds;
    }

    @DataBoundSetter
    public void setIntervalSeconds(int intervalSeconds) {
        this.intervalSeconds = clamp(intervalSeconds, 1, MAX_INTERVAL_SECONDS);
    }

    public int getMaxMessagesPerPass() {
        return maxMessagesPerPass;
    }

    @DataBoundSetter
    public void setMaxMessagesPerPass(int maxMessagesPerPass) {
        this.maxMessagesPerPass = clamp(maxMessagesPerPass, 1, MAX_MESSAGES_PER_PASS);
    }

    public int getMaxSecondsPerPass() {
        return maxSecondsPerPass;
    }

    @DataBoundSetter
    public void setMaxSecondsPerPass(int maxSecondsPerPass) {
        this.maxSecondsPerPass = clamp(maxSecondsPerPass, 1, MAX_SECONDS_PER_PASS);
    }

    public int getConcurrency() {
        return concurrency;
    }

    @DataBoundSetter
    public void setConcurrency(int concurrency) {
        this.concurrency = clamp(concurrency, 1, MAX_CONCURRENCY);
    }

    public int getLongPollSeconds() {
        return longPollSeconds;
    }

    @DataBoundSetter
    public void setLongPollSeconds(int longPollSeconds) {
        this.longPollSeconds = clamp(longPollSeconds, 0, MAX_LONG_POLL_SECONDS);
    }

    public int getRetryDelaySeconds() {
        return retryDelaySeconds;
    }

    @DataBoundSetter
    public void setRetryDelaySeconds(int retryDelaySeconds) {
        this.retryDelaySeconds = clamp(retryDelaySeconds, 0, MAX_RETRY_DELAY_SECONDS);
    }

    public String getStateMapping() {
        return stateMapping;
    }

    @DataBoundSetter
    public void setStateMapping(String stateMapping) {
        this.stateMapping = blankToNull(stateMapping);
    }

    public String getContextTemplate() {
        return contextTemplate;
    }

    @DataBoundSetter
    public void setContextTemplate(String contextTemplate) {
        this.contextTemplate = blankToNull(contextTemplate);
    }

    public String getTargetUrlTemplate() {
        return targetUrlTemplate;
    }

    @DataBoundSetter
    public void setTargetUrlTemplate(String targetUrlTemplate) {
        this.targetUrlTemplate = blankToNull(targetUrlTemplate);
    }

    /** The defaults the state mapping overrides, for the help text. */
    public String getDefaultStateMapping() {
        return StateMapping.DEFAULTS.format();
    }

    private static int clamp(int value, int min, int max) {
        return Math.max(min, Math.min(max, value));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    @POST
    public FormValidation doCheckGitHubApiUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormValidations.of(GitHubApiUrls.check(value));
    }

    @POST
    public ListBoxModel doFillGitHubCredentialsIdItems(@QueryParameter String gitHubApiUrl,
            @QueryParameter String gitHubCredentialsId) {
        return CredentialSecrets.tokenChoices(gitHubApiUrl, gitHubCredentialsId);
    }

    @POST
    public FormValidation doTestGitHubConnection(@QueryParameter String gitHubApiUrl,
            @QueryParameter String gitHubCredentialsId) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        FieldCheck urlCheck = GitHubApiUrls.check(gitHubApiUrl);
        if (urlCheck.isError()) {
            return FormValidation.error(urlCheck.message());
        }
        try {
            String line = new GitHubStatusSink(gitHubApiUrl,
                    CredentialSecrets.tokenFor(gitHubCredentialsId, gitHubApiUrl)).probe();
            return FormValidation.ok(Messages.get("test.gitHubOk", SecureUrls.trimTrailingSlashes(gitHubApiUrl), line));
        } catch (SetupException | IOException e) {
            return FormValidation.error(Messages.get("test.failed", e.getMessage()));
        }
    }

    @POST
    public FormValidation doCheckIntervalSeconds(@QueryParameter String value) {
        return number(value, 1, MAX_INTERVAL_SECONDS);
    }

    @POST
    public FormValidation doCheckMaxMessagesPerPass(@QueryParameter String value) {
        return number(value, 1, MAX_MESSAGES_PER_PASS);
    }

    @POST
    public FormValidation doCheckMaxSecondsPerPass(@QueryParameter String value) {
        return number(value, 1, MAX_SECONDS_PER_PASS);
    }

    @POST
    public FormValidation doCheckConcurrency(@QueryParameter String value) {
        return number(value, 1, MAX_CONCURRENCY);
    }

    @POST
    public FormValidation doCheckLongPollSeconds(@QueryParameter String value) {
        return number(value, 0, MAX_LONG_POLL_SECONDS);
    }

    @POST
    public FormValidation doCheckRetryDelaySeconds(@QueryParameter String value) {
        return number(value, 0, MAX_RETRY_DELAY_SECONDS);
    }

    private static FormValidation number(String value, int min, int max) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormValidations.of(FieldCheck.wholeNumber(value, min, max));
    }

    @POST
    public FormValidation doCheckStateMapping(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            StateMapping.parse(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckContextTemplate(@QueryParameter String value) {
        return template(value);
    }

    @POST
    public FormValidation doCheckTargetUrlTemplate(@QueryParameter String value) {
        return template(value);
    }

    private static FormValidation template(String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String problem = StatusMapper.templateProblem(value);
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }
}
