package io.jenkins.plugins.statusqueue;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.Extension;
import hudson.ExtensionList;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.statusqueue.config.DrainLimit;
import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.Fingerprint;
import io.jenkins.plugins.statusqueue.config.Rebuilt;
import io.jenkins.plugins.statusqueue.config.Urls;
import io.jenkins.plugins.statusqueue.drain.DrainSettings;
import io.jenkins.plugins.statusqueue.drain.DrainSetup;
import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.github.GitHubApiUrls;
import io.jenkins.plugins.statusqueue.github.GitHubStatusSink;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import io.jenkins.plugins.statusqueue.github.StatusSink;
import io.jenkins.plugins.statusqueue.plugin.JenkinsNetwork;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import jenkins.model.GlobalConfiguration;
import jenkins.model.Jenkins;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.verb.POST;

/**
 * The "Status Queue" section of Manage Jenkins > System: which queue to drain, which GitHub Enterprise to post
 * to, and how. Every field has a {@link DataBoundSetter} so that Configuration as Code ({@code statusQueue:}) can
 * set it; setters reject values that cannot work, with a message naming the field.
 */
@Extension
@Symbol("statusQueue")
public class StatusQueueConfiguration extends GlobalConfiguration {

    private QueueEndpoint queue;
    private String gitHubApiUrl = "";
    private String gitHubCredentialsId = "";
    private boolean enabled = true;
    private int intervalSeconds = DrainLimit.INTERVAL_SECONDS.defaultValue();
    private int maxMessagesPerPass = DrainLimit.MAX_MESSAGES_PER_PASS.defaultValue();
    private int maxSecondsPerPass = DrainLimit.MAX_SECONDS_PER_PASS.defaultValue();
    private int concurrency = DrainLimit.CONCURRENCY.defaultValue();
    private int longPollSeconds = DrainLimit.LONG_POLL_SECONDS.defaultValue();
    private int retryDelaySeconds = DrainLimit.RETRY_DELAY_SECONDS.defaultValue();
    private String stateMapping = "";
    private String contextTemplate = StatusMapper.DEFAULT_CONTEXT_TEMPLATE;
    private String targetUrlTemplate = StatusMapper.DEFAULT_TARGET_URL_TEMPLATE;
    private boolean stepStatuses;
    private boolean commandSteps = true;
    private boolean triggerSteps = true;
    private String stepContextTemplate = StatusMapper.DEFAULT_STEP_CONTEXT_TEMPLATE;
    private String stepStateMapping = "";

    /** Kept open across passes while the queue's settings and secret are unchanged; never saved. */
    private final transient Rebuilt<QueueSource> openQueue = new Rebuilt<>(QueueSource::close);
    /** Kept across passes (its connection pool and repository cache) while URL and token are unchanged. */
    private final transient Rebuilt<StatusSink> openSink = new Rebuilt<>(StatusSink::close);

    public StatusQueueConfiguration() {
        load();
    }

    public static StatusQueueConfiguration get() {
        return ExtensionList.lookupSingleton(StatusQueueConfiguration.class);
    }

    @Override
    public String getDisplayName() {
        return Messages.format("StatusQueueConfiguration.DisplayName");
    }

    /**
     * Binds the form, then saves. A rejected value reloads the saved configuration, so that a bad form changes
     * nothing, and is shown to the administrator.
     */
    @Override
    public synchronized boolean configure(StaplerRequest req, JSONObject json) throws FormException {
        try {
            req.bindJSON(this, json);
        } catch (RuntimeException e) {
            load();
            throw new FormException(Messages.format("StatusQueueConfiguration.Rejected", innermostMessage(e)),
                    e, "statusQueue");
        }
        save();
        return true;
    }

    /** Saves, then lets the drain apply the change at once; Configuration as Code saves through here too. */
    @Override
    public synchronized void save() {
        super.save();
        StatusQueueDrainDaemon.get().configurationChanged();
    }

    static String innermostMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }

    /**
     * Everything the next drain pass needs, built from the saved configuration with credentials resolved now. The
     * queue source and the GitHub sink are reused while their settings and secrets are unchanged; a replaced queue
     * source is closed.
     *
     * @throws NotConfiguredException saying what is missing or wrong
     */
    public synchronized DrainSetup drainSetup() throws NotConfiguredException {
        if (queue == null) {
            throw new NotConfiguredException(Messages.format("NotConfigured.NoQueue"));
        }
        FieldCheck urlCheck = GitHubApiUrls.check(gitHubApiUrl);
        if (urlCheck.isError()) {
            throw new NotConfiguredException(Messages.format("NotConfigured.GitHubApiUrl", urlCheck.message()));
        }
        String apiUrl = Urls.normalize(gitHubApiUrl);
        String token = gitHubToken(apiUrl, gitHubCredentialsId);
        StatusMapper mapper;
        DrainSettings settings;
        try {
            mapper = new StatusMapper(StateMapping.parse(stateMapping), contextTemplate, targetUrlTemplate,
                    StateMapping.parseSteps(stepStateMapping), stepContextTemplate);
            settings = drainSettings();
        } catch (IllegalArgumentException e) {
            throw new NotConfiguredException(e.getMessage());
        }
        QueueSource source;
        try {
            QueueEndpoint.Connection connection = queue.connect();
            source = openQueue.get(connection.fingerprint(), connection::open);
        } catch (QueueException e) {
            throw new NotConfiguredException(Messages.format("NotConfigured.Queue", e.getMessage()));
        }
        StatusSink sink;
        try {
            sink = openSink.get(Fingerprint.of(apiUrl, token),
                    () -> new GitHubStatusSink(JenkinsNetwork.HTTP, apiUrl, token));
        } catch (IllegalArgumentException e) {
            throw new NotConfiguredException(Messages.format("NotConfigured.GitHub", e.getMessage()));
        }
        return new DrainSetup(source, sink, new EventDecoder(GitHubApiUrls.host(apiUrl), stepJobTypes()), mapper,
                settings);
    }

    /** The job types whose job events become per-step statuses; none while per-step statuses are off. */
    private Set<String> stepJobTypes() {
        Set<String> types = new HashSet<>();
        if (stepStatuses && commandSteps) {
            types.add("script");
        }
        if (stepStatuses && triggerSteps) {
            types.add("trigger");
        }
        return types;
    }

    /** The bounds of one pass, from the administrator's numbers. */
    public DrainSettings drainSettings() {
        return DrainLimit.settings(maxMessagesPerPass, maxSecondsPerPass, concurrency, longPollSeconds,
                retryDelaySeconds);
    }

    private static String gitHubToken(String apiUrl, String credentialsId) throws NotConfiguredException {
        if (credentialsId == null || credentialsId.isBlank()) {
            throw new NotConfiguredException(Messages.format("NotConfigured.NoGitHubCredential"));
        }
        StandardCredentials credential = CredentialLookup.find(credentialsId, apiUrl, CredentialLookup.gitHubToken());
        if (credential == null) {
            throw new NotConfiguredException(Messages.format("Credential.NotFound", credentialsId.trim()));
        }
        String token = CredentialLookup.secretOf(credential);
        if (token.isEmpty()) {
            throw new NotConfiguredException(Messages.format("Credential.Empty", credentialsId.trim()));
        }
        return token;
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
        this.gitHubApiUrl = Fields.trim(gitHubApiUrl);
    }

    public String getGitHubCredentialsId() {
        return gitHubCredentialsId;
    }

    @DataBoundSetter
    public void setGitHubCredentialsId(String gitHubCredentialsId) {
        this.gitHubCredentialsId = Fields.trim(gitHubCredentialsId);
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

    public String getStateMapping() {
        return stateMapping;
    }

    /** @throws IllegalArgumentException naming the line that is not {@code buildkite_state=github_state} */
    @DataBoundSetter
    public void setStateMapping(String stateMapping) {
        this.stateMapping = mapping("Field.StateMapping", stateMapping, StateMapping::parse);
    }

    public String getContextTemplate() {
        return contextTemplate;
    }

    @DataBoundSetter
    public void setContextTemplate(String contextTemplate) {
        this.contextTemplate = template("Field.ContextTemplate", contextTemplate,
                StatusMapper.DEFAULT_CONTEXT_TEMPLATE);
    }

    public String getTargetUrlTemplate() {
        return targetUrlTemplate;
    }

    @DataBoundSetter
    public void setTargetUrlTemplate(String targetUrlTemplate) {
        this.targetUrlTemplate = template("Field.TargetUrlTemplate", targetUrlTemplate,
                StatusMapper.DEFAULT_TARGET_URL_TEMPLATE);
    }

    public boolean isStepStatuses() {
        return stepStatuses;
    }

    /** Per-step statuses: a status per step of each build, from Buildkite's job events. */
    @DataBoundSetter
    public void setStepStatuses(boolean stepStatuses) {
        this.stepStatuses = stepStatuses;
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

    public String getStepContextTemplate() {
        return stepContextTemplate;
    }

    @DataBoundSetter
    public void setStepContextTemplate(String stepContextTemplate) {
        this.stepContextTemplate = template("Field.StepContextTemplate", stepContextTemplate,
                StatusMapper.DEFAULT_STEP_CONTEXT_TEMPLATE, StatusMapper::stepTemplateProblem);
    }

    public String getStepStateMapping() {
        return stepStateMapping;
    }

    /** @throws IllegalArgumentException naming the line that is not {@code step_outcome=github_state} */
    @DataBoundSetter
    public void setStepStateMapping(String stepStateMapping) {
        this.stepStateMapping = mapping("Field.StepStateMapping", stepStateMapping, StateMapping::parseSteps);
    }

    /** @throws IllegalArgumentException naming the field and the line that {@code parser} refuses */
    private static String mapping(String fieldKey, String value, Function<String, StateMapping> parser) {
        String overrides = Fields.trim(value);
        try {
            parser.apply(overrides);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(Messages.format(fieldKey, e.getMessage()), e);
        }
        return overrides;
    }

    private static String template(String fieldKey, String value, String fallback) {
        return template(fieldKey, value, fallback, StatusMapper::templateProblem);
    }

    /** A blank template means the default, so that the form always shows what is used. */
    private static String template(String fieldKey, String value, String fallback,
            Function<String, String> problemOf) {
        String template = Fields.trim(value);
        String problem = problemOf.apply(template);
        if (problem != null) {
            throw new IllegalArgumentException(Messages.format(fieldKey, problem));
        }
        return template.isEmpty() ? fallback : template;
    }

    @POST
    public FormValidation doCheckGitHubApiUrl(@QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormChecks.toValidation(GitHubApiUrls.check(value));
    }

    @POST
    public FormValidation doCheckGitHubCredentialsId(@QueryParameter String gitHubApiUrl,
            @QueryParameter String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return CredentialLookup.check(value, gitHubApiUrl, CredentialLookup.gitHubToken(), null);
    }

    @POST
    public ListBoxModel doFillGitHubCredentialsIdItems(@QueryParameter String gitHubApiUrl,
            @QueryParameter String gitHubCredentialsId) {
        return CredentialLookup.fill(gitHubCredentialsId, gitHubApiUrl, CredentialLookup.gitHubToken());
    }

    /** Calls GitHub with the URL and token in the form (saved or not) and reports who the token is. */
    @POST
    public FormValidation doTestGitHubConnection(@QueryParameter String gitHubApiUrl,
            @QueryParameter String gitHubCredentialsId) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        FieldCheck urlCheck = GitHubApiUrls.check(gitHubApiUrl);
        if (urlCheck.isError()) {
            return FormChecks.toValidation(urlCheck);
        }
        String apiUrl = Urls.normalize(gitHubApiUrl);
        try {
            String token = gitHubToken(apiUrl, gitHubCredentialsId);
            try (GitHubStatusSink sink = new GitHubStatusSink(JenkinsNetwork.HTTP, apiUrl, token)) {
                return FormValidation.ok(Messages.format("Test.GitHub.Connected", sink.probe()));
            }
        } catch (NotConfiguredException e) {
            return FormValidation.error(e.getMessage());
        } catch (IOException | IllegalArgumentException e) {
            return FormValidation.error(Messages.format("Test.GitHub.Failed", e.getMessage()));
        }
    }

    @POST
    public FormValidation doCheckIntervalSeconds(@QueryParameter String value) {
        return checkLimit(DrainLimit.INTERVAL_SECONDS, value);
    }

    @POST
    public FormValidation doCheckMaxMessagesPerPass(@QueryParameter String value) {
        return checkLimit(DrainLimit.MAX_MESSAGES_PER_PASS, value);
    }

    @POST
    public FormValidation doCheckMaxSecondsPerPass(@QueryParameter String value) {
        return checkLimit(DrainLimit.MAX_SECONDS_PER_PASS, value);
    }

    @POST
    public FormValidation doCheckConcurrency(@QueryParameter String value) {
        return checkLimit(DrainLimit.CONCURRENCY, value);
    }

    @POST
    public FormValidation doCheckLongPollSeconds(@QueryParameter String value) {
        return checkLimit(DrainLimit.LONG_POLL_SECONDS, value);
    }

    @POST
    public FormValidation doCheckRetryDelaySeconds(@QueryParameter String value) {
        return checkLimit(DrainLimit.RETRY_DELAY_SECONDS, value);
    }

    private static FormValidation checkLimit(DrainLimit limit, String value) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        return FormChecks.toValidation(limit.check(value));
    }

    @POST
    public FormValidation doCheckStateMapping(@QueryParameter String value) {
        return checkMapping(value, StateMapping::parse);
    }

    @POST
    public FormValidation doCheckStepStateMapping(@QueryParameter String value) {
        return checkMapping(value, StateMapping::parseSteps);
    }

    private static FormValidation checkMapping(String value, Function<String, StateMapping> parser) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            parser.apply(value);
            return FormValidation.ok();
        } catch (IllegalArgumentException e) {
            return FormValidation.error(e.getMessage());
        }
    }

    @POST
    public FormValidation doCheckStepContextTemplate(@QueryParameter String value) {
        return checkTemplate(value, StatusMapper::stepTemplateProblem);
    }

    @POST
    public FormValidation doCheckContextTemplate(@QueryParameter String value) {
        return checkTemplate(value, StatusMapper::templateProblem);
    }

    @POST
    public FormValidation doCheckTargetUrlTemplate(@QueryParameter String value) {
        return checkTemplate(value, StatusMapper::templateProblem);
    }

    private static FormValidation checkTemplate(String value, Function<String, String> problemOf) {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        String problem = problemOf.apply(value);
        return problem == null ? FormValidation.ok() : FormValidation.error(problem);
    }
}
