package io.jenkins.plugins.statusqueue.plugin.settings;

import hudson.Extension;
import hudson.ExtensionList;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.config.Fingerprint;
import io.jenkins.plugins.statusqueue.config.Rebuilt;
import io.jenkins.plugins.statusqueue.drain.DrainSetup;
import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.github.GitHubApiUrls;
import io.jenkins.plugins.statusqueue.github.GitHubStatusSink;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import io.jenkins.plugins.statusqueue.github.StatusSink;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import java.util.Set;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest;

/**
 * The "Status Queue" section of Manage Jenkins > System, in the sections the form shows: the queue to drain,
 * GitHub Enterprise, build statuses, per-step statuses (present means on) and limits. Configuration as Code reads
 * the same: {@code statusQueue: {enabled, queue, gitHub, statuses, stepStatuses, limits}}. A saved change reaches
 * the drain through Jenkins' {@code SaveableListener}s.
 */
@Extension
@Symbol("statusQueue")
public class StatusQueueConfiguration extends GlobalConfiguration {

    private boolean enabled = true;
    private QueueEndpoint queue;
    private GitHubSettings gitHub = new GitHubSettings();
    private StatusSettings statuses = new StatusSettings();
    private StepStatusSettings stepStatuses;
    private LimitSettings limits = new LimitSettings();

    /** Kept open across passes while the queue's settings and secret are unchanged; never saved. */
    private final transient Rebuilt<QueueSource> openQueue = new Rebuilt<>(QueueSource::close);
    /** Kept across passes (its connection pool) while URL and token are unchanged. */
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
     * nothing, and is shown to the administrator. An absent optional section (per-step statuses) is switched off.
     */
    @Override
    public synchronized boolean configure(StaplerRequest req, JSONObject json) throws FormException {
        try {
            stepStatuses = null;
            req.bindJSON(this, json);
        } catch (RuntimeException e) {
            load();
            throw new FormException(Messages.format("StatusQueueConfiguration.Rejected",
                    FormChecks.innermostMessage(e)), e, "statusQueue");
        }
        save();
        return true;
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
        String apiUrl = gitHub.checkedApiUrl();
        String token = gitHub.token(apiUrl);
        StatusMapper mapper;
        try {
            mapper = new StatusMapper(StateMapping.parse(statuses.getStateMapping()), statuses.getContextTemplate(),
                    statuses.getTargetUrlTemplate(), StateMapping.parseSteps(stepStateMapping()),
                    stepContextTemplate());
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
            sink = openSink.get(Fingerprint.of(apiUrl, token), () -> new GitHubStatusSink(apiUrl, token));
        } catch (IllegalArgumentException e) {
            throw new NotConfiguredException(Messages.format("NotConfigured.GitHub", e.getMessage()));
        }
        Set<String> stepJobTypes = stepStatuses == null ? Set.of() : stepStatuses.jobTypes();
        return new DrainSetup(source, sink, new EventDecoder(GitHubApiUrls.host(apiUrl), stepJobTypes), mapper,
                limits.drainSettings());
    }

    private String stepStateMapping() {
        return stepStatuses == null ? "" : stepStatuses.getStateMapping();
    }

    private String stepContextTemplate() {
        return stepStatuses == null ? StatusMapper.DEFAULT_STEP_CONTEXT_TEMPLATE : stepStatuses.getContextTemplate();
    }

    public boolean isEnabled() {
        return enabled;
    }

    @DataBoundSetter
    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public QueueEndpoint getQueue() {
        return queue;
    }

    @DataBoundSetter
    public void setQueue(QueueEndpoint queue) {
        this.queue = queue;
    }

    public GitHubSettings getGitHub() {
        return gitHub;
    }

    @DataBoundSetter
    public void setGitHub(GitHubSettings gitHub) {
        this.gitHub = gitHub == null ? new GitHubSettings() : gitHub;
    }

    public StatusSettings getStatuses() {
        return statuses;
    }

    @DataBoundSetter
    public void setStatuses(StatusSettings statuses) {
        this.statuses = statuses == null ? new StatusSettings() : statuses;
    }

    /** The per-step statuses section; {@code null} while they are off. */
    public StepStatusSettings getStepStatuses() {
        return stepStatuses;
    }

    @DataBoundSetter
    public void setStepStatuses(StepStatusSettings stepStatuses) {
        this.stepStatuses = stepStatuses;
    }

    public LimitSettings getLimits() {
        return limits;
    }

    @DataBoundSetter
    public void setLimits(LimitSettings limits) {
        this.limits = limits == null ? new LimitSettings() : limits;
    }
}
