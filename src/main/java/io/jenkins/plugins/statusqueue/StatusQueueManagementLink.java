package io.jenkins.plugins.statusqueue;

import hudson.Extension;
import hudson.model.ManagementLink;
import hudson.security.Permission;
import io.jenkins.plugins.statusqueue.drain.DrainService;
import io.jenkins.plugins.statusqueue.history.StatusPage;
import io.jenkins.plugins.statusqueue.trigger.QueuePoller;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerResponse;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins > Status Queue: the drain history, "Drain now", and a JSON view at {@code api/json} for
 * monitoring. Read-only apart from "Drain now", so Overall/Manage suffices.
 */
@Extension
public class StatusQueueManagementLink extends ManagementLink {

    @Override
    public String getIconFileName() {
        return "symbol-file-tray";
    }

    @Override
    public String getDisplayName() {
        return Messages.format("StatusQueueManagementLink.DisplayName");
    }

    @Override
    public String getDescription() {
        return Messages.format("StatusQueueManagementLink.Description");
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
        StatusQueueDrainDaemon daemon = StatusQueueDrainDaemon.get();
        DrainService service = daemon.service();
        Instant backoff = service.backoffUntil();
        Instant last = service.lastPassEnded();
        Instant next = last == null ? null : last.plus(Duration.ofSeconds(configuration.getIntervalSeconds()));
        if (backoff != null && (next == null || backoff.isAfter(next))) {
            next = backoff;
        }
        return new StatusPage(configuration.isEnabled(), daemon.loop().idleReason(), backoff, next,
                service.snapshot());
    }

    /** The queues SQS triggers listen on, with their pollers: the jobs, last poll and recent messages. */
    public Map<String, QueuePoller> getTriggerPollers() {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        return SqsTrigger.activePollers();
    }

    /** "Drain now": a pass at once, ignoring the interval and any back-off. */
    @POST
    public void doDrainNow(StaplerRequest req, StaplerResponse rsp) throws IOException {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        StatusQueueDrainDaemon.get().drainNow();
        rsp.sendRedirect(".");
    }

    /** {@code /manage/status-queue/api/json}. */
    public JsonApi getApi() {
        return new JsonApi(this);
    }

    /** The JSON view of the page, for monitoring. */
    public static final class JsonApi {
        private final StatusQueueManagementLink link;

        JsonApi(StatusQueueManagementLink link) {
            this.link = link;
        }

        public void doJson(StaplerRequest req, StaplerResponse rsp) throws IOException {
            String json = link.getPage().toJson();
            rsp.setContentType("application/json;charset=UTF-8");
            rsp.getWriter().write(json);
        }
    }
}
