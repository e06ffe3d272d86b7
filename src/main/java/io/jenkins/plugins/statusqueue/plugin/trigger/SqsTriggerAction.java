package io.jenkins.plugins.statusqueue.plugin.trigger;

import hudson.model.Action;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.trigger.ActivityLog;
import io.jenkins.plugins.statusqueue.trigger.QueuePollers;
import java.util.ArrayList;
import java.util.List;

/**
 * The job's trigger log: its queue (by id and name, never its URL), whether it is listening and if not why, the
 * queue's last poll, and the recent messages and what became of them. Anyone who may read the job sees it, so a
 * problem shows as a category and its time; the details stay on the status page (Overall/Manage).
 */
public class SqsTriggerAction implements Action {

    private final SqsTrigger trigger;

    SqsTriggerAction(SqsTrigger trigger) {
        this.trigger = trigger;
    }

    @Override
    public String getIconFileName() {
        return "symbol-file-tray";
    }

    @Override
    public String getDisplayName() {
        return Messages.format("SqsTriggerAction.DisplayName");
    }

    @Override
    public String getUrlName() {
        return "sqs-trigger";
    }

    public String getQueueId() {
        return trigger.getQueue();
    }

    public String getQueueName() {
        return trigger.queueName();
    }

    /** Whether the job is listening, and if not, why. */
    public String getState() {
        if (trigger.problem() != null) {
            return trigger.problem();
        }
        QueuePollers.JobStatus status = trigger.status();
        return describe(status == null ? QueuePollers.State.NO_QUEUE : status.state(), trigger.getQueue());
    }

    /** The sentence for a job's state, on its trigger log and the status page. */
    public static String describe(QueuePollers.State state, String queueId) {
        return Messages.format("SqsTriggerAction.State." + state.name(), queueId);
    }

    /** When the queue was last polled, or {@code null}. */
    public Object getLastPoll() {
        QueuePollers.JobStatus status = trigger.status();
        return status == null ? null : status.lastPoll();
    }

    /**
     * What kind of failure the last poll had (unreachable, refused, bad answer), or {@code null}: the error itself
     * names addresses and accounts, and stays on the status page.
     */
    public String getLastError() {
        QueuePollers.JobStatus status = trigger.status();
        return status == null || status.lastErrorCategory() == null ? null
                : Messages.format("SqsTriggerAction.Category", status.lastErrorCategory());
    }

    /** The job's recent messages and their outcomes, without the details only the status page shows. */
    public List<ActivityLog.Activity> getActivity() {
        QueuePollers.JobStatus status = trigger.status();
        List<ActivityLog.Activity> lines = new ArrayList<>();
        if (status != null) {
            for (ActivityLog.Activity line : status.activity()) {
                lines.add(new ActivityLog.Activity(line.time(), line.messageId(), line.outcome(), null));
            }
        }
        return lines;
    }
}
