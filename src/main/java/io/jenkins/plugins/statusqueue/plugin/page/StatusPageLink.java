package io.jenkins.plugins.statusqueue.plugin.page;

import hudson.Extension;
import hudson.model.ManagementLink;
import hudson.security.Permission;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.drain.DrainService;
import io.jenkins.plugins.statusqueue.history.StatusPage;
import io.jenkins.plugins.statusqueue.plugin.drain.DrainDaemon;
import io.jenkins.plugins.statusqueue.plugin.settings.StatusQueueConfiguration;
import io.jenkins.plugins.statusqueue.plugin.trigger.SqsTrigger;
import io.jenkins.plugins.statusqueue.plugin.trigger.SqsTriggerAction;
import io.jenkins.plugins.statusqueue.trigger.QueuePollers;
import io.jenkins.plugins.statusqueue.trigger.TriggerLimits;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerResponse;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins > Status Queue: the drain history, "Drain now", and a JSON view at {@code api/json} for
 * monitoring. Read-only apart from "Drain now", so Overall/Manage suffices.
 */
@Extension
public class StatusPageLink extends ManagementLink {

    @Override
    public String getIconFileName() {
        return "symbol-file-tray";
    }

    @Override
    public String getDisplayName() {
        return Messages.format("StatusPageLink.DisplayName");
    }

    @Override
    public String getDescription() {
        return Messages.format("StatusPageLink.Description");
    }

    @Override
    public String getUrlName() {
        return "status-queue";
    }

    @Override
    public Permission getRequiredPermission() {
        return Jenkins.MANAGE;
    }

    @Override
    public Category getCategory() {
        return Category.STATUS;
    }

    /** What the page shows, as of now. */
    public StatusPage getPage() {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        StatusQueueConfiguration configuration = StatusQueueConfiguration.get();
        DrainDaemon daemon = DrainDaemon.get();
        DrainService service = daemon.service();
        Instant backoff = service.backoffUntil();
        Instant last = service.lastPassEnded();
        Duration interval = Duration.ofSeconds(configuration.getLimits().getIntervalSeconds());
        Instant next = last == null ? null : last.plus(interval);
        if (backoff != null && (next == null || backoff.isAfter(next))) {
            next = backoff;
        }
        return new StatusPage(configuration.isEnabled(), daemon.loop().idleReason(), backoff, next,
                service.snapshot());
    }

    /**
     * The trigger queues, and the ids jobs name without a definition: each with its poller's last poll and errors,
     * and the jobs on it that the viewer may read, with their recent messages.
     */
    public List<QueuePollers.QueueStatus> getTriggerQueues() {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        return SqsTrigger.pollers().queues();
    }

    /** A defined trigger queue's limits, and how often it held a message back for them. */
    public String triggerLimits(QueuePollers.QueueStatus queue) {
        TriggerLimits limits = queue.limits();
        return Messages.format("StatusPageLink.TriggerLimits", limits.maxWaitingBuilds(), limits.buildsPerMinute(),
                limits.bounds().maxBodyChars(), limits.bounds().maxFields(), limits.bounds().maxDepth(), queue.held());
    }

    /** Whether a job on a trigger queue is listening, and if not, why. */
    public String triggerState(QueuePollers.JobStatus job) {
        return SqsTriggerAction.describe(job.state(), job.queueId());
    }

    /** "Drain now": a pass at once, ignoring the interval and any back-off. */
    @POST
    public void doDrainNow(StaplerRequest req, StaplerResponse rsp) throws IOException {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        DrainDaemon.get().drainNow();
        rsp.sendRedirect(".");
    }

    /** {@code /manage/status-queue/api/json}. */
    public JsonApi getApi() {
        return new JsonApi(this);
    }

    /** The JSON view of the page, for monitoring. */
    public static final class JsonApi {
        private final StatusPageLink link;

        JsonApi(StatusPageLink link) {
            this.link = link;
        }

        public void doJson(StaplerRequest req, StaplerResponse rsp) throws IOException {
            String json = link.getPage().toJson();
            rsp.setContentType("application/json;charset=UTF-8");
            rsp.getWriter().write(json);
        }
    }
}
