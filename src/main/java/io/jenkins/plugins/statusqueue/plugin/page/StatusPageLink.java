package io.jenkins.plugins.statusqueue.plugin.page;

import hudson.Extension;
import hudson.model.ManagementLink;
import hudson.security.Permission;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.drain.DrainService;
import io.jenkins.plugins.statusqueue.health.DeadLetterReading;
import io.jenkins.plugins.statusqueue.history.StatusPage;
import io.jenkins.plugins.statusqueue.plugin.drain.DrainDaemon;
import io.jenkins.plugins.statusqueue.plugin.health.HealthWatch;
import io.jenkins.plugins.statusqueue.plugin.settings.StatusQueueConfiguration;
import io.jenkins.plugins.statusqueue.plugin.trigger.SqsTrigger;
import io.jenkins.plugins.statusqueue.plugin.trigger.SqsTriggerAction;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.trigger.QueuePollers;
import io.jenkins.plugins.statusqueue.trigger.TriggerLimits;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerResponse;
import org.kohsuke.stapler.verb.POST;

/**
 * Manage Jenkins > Status Queue: the drain history with its search, the chart, the dead-letter queue, "Drain now",
 * and a JSON view at {@code api/json} for monitoring and scripts. Overall/Manage reads it; raw error texts (ARNs,
 * account ids, queue URLs) and "Move back to the queue" need Overall/Administer.
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

    /** What the page shows for this request: its search and pages, for this viewer. */
    public StatusPage page(StaplerRequest req) {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        return StatusPage.of(DrainDaemon.get().service().history(), state(), request(req, StatusPage.PAGE_SIZE));
    }

    private static StatusPage.State state() {
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
        return new StatusPage.State(configuration.isEnabled(), daemon.loop().idleReason(), backoff, next,
                Instant.now());
    }

    private static StatusPage.Request request(StaplerRequest req, int defaultLimit) {
        return new StatusPage.Request(req.getParameter("repository"), req.getParameter("sha"),
                req.getParameter("context"), req.getParameter("build"), req.getParameter("outcome"),
                number(req.getParameter("messagesFrom"), 0), number(req.getParameter("passesFrom"), 0),
                number(req.getParameter("limit"), defaultLimit), isDetailed(), ZoneId.systemDefault());
    }

    private static int number(String text, int otherwise) {
        try {
            return text == null || text.isBlank() ? otherwise : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }

    /** Whether the viewer may read raw error texts and move dead letters back: Overall/Administer. */
    public static boolean isDetailed() {
        return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }

    /** The dead-letter queue, read at most 30 seconds ago. */
    public DeadLetterReading getDeadLetters() {
        Jenkins.get().checkPermission(Jenkins.MANAGE);
        return HealthWatch.get().freshDeadLetters();
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

    /** "Move back to the queue": SQS's message move task out of the dead-letter queue. */
    @POST
    public void doMoveDeadLettersBack(StaplerRequest req, StaplerResponse rsp) throws IOException {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        try {
            HealthWatch.get().moveBack();
            rsp.sendRedirect(".#dead-letters");
        } catch (QueueException e) {
            rsp.sendError(409, e.getMessage());
        }
    }

    /** {@code /manage/status-queue/api/json}. */
    public JsonApi getApi() {
        return new JsonApi(this);
    }

    /**
     * The JSON view: the page's data with the same search ({@code repository}, {@code sha}, {@code context},
     * {@code build}, {@code outcome}) and paging ({@code messagesFrom}, {@code passesFrom}, {@code limit}, at most
     * 1000) as query parameters.
     */
    public static final class JsonApi {
        private final StatusPageLink link;

        JsonApi(StatusPageLink link) {
            this.link = link;
        }

        public void doJson(StaplerRequest req, StaplerResponse rsp) throws IOException {
            Jenkins.get().checkPermission(Jenkins.MANAGE);
            String json = StatusPage.of(DrainDaemon.get().service().history(), state(), request(req, 100)).toJson();
            rsp.setContentType("application/json;charset=UTF-8");
            rsp.getWriter().write(json);
        }
    }
}
