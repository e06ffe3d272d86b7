package io.jenkins.plugins.statusqueue;

import hudson.model.Action;
import io.jenkins.plugins.statusqueue.trigger.QueuePoller;
import java.util.List;

/** The job's trigger log: the queue, its last poll, and the recent messages and what became of them. */
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

    public String getQueue() {
        return trigger.getQueue().describe();
    }

    /** {@code null} while the queue is not being polled (for example after a failure to connect). */
    public QueuePoller getPoller() {
        return trigger.poller();
    }

    public List<QueuePoller.Activity> getActivity() {
        QueuePoller poller = trigger.poller();
        return poller == null ? List.of() : poller.activity(trigger.jobName());
    }
}
