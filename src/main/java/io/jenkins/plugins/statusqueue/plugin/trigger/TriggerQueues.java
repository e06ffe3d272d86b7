package io.jenkins.plugins.statusqueue.plugin.trigger;

import hudson.Extension;
import hudson.ExtensionList;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.plugin.settings.FormChecks;
import io.jenkins.plugins.statusqueue.trigger.QueueAccess;
import io.jenkins.plugins.statusqueue.trigger.QueuePollers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import jenkins.model.GlobalConfiguration;
import net.sf.json.JSONObject;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.StaplerRequest;

/**
 * The "SQS trigger queues" section of Manage Jenkins > System: the queues jobs may trigger on, each with its own
 * credentials, defined by administrators only. Jobs name one by id and hold no URL or credential themselves.
 * Configuration as Code: {@code unclassified: sqsTriggerQueues: queues: - triggerQueue: ...}.
 */
@Extension
@Symbol("sqsTriggerQueues")
public class TriggerQueues extends GlobalConfiguration {

    /** Replaced whole, never changed in place, so that readers need no lock. */
    private volatile ArrayList<TriggerQueue> queues = new ArrayList<>();

    public TriggerQueues() {
        load();
    }

    public static TriggerQueues get() {
        return ExtensionList.lookupSingleton(TriggerQueues.class);
    }

    @Override
    public String getDisplayName() {
        return Messages.format("TriggerQueues.DisplayName");
    }

    @Override
    public boolean configure(StaplerRequest req, JSONObject json) throws FormException {
        try {
            // A form whose last queue was deleted sends no "queues" at all, and binding would keep the old ones.
            if (!json.containsKey("queues")) {
                setQueues(new ArrayList<>());
            }
            req.bindJSON(this, json);
        } catch (RuntimeException e) {
            load();
            throw new FormException(Messages.format("TriggerQueues.Rejected",
                    FormChecks.innermostMessage(e)), e, "queues");
        }
        save();
        return true;
    }

    public List<TriggerQueue> getQueues() {
        return new ArrayList<>(queues);
    }

    /**
     * Replaces the queues; {@link #save()} applies them.
     *
     * @throws IllegalArgumentException when two queues share an id
     */
    @DataBoundSetter
    public void setQueues(List<TriggerQueue> queues) {
        List<TriggerQueue> defined = queues == null ? new ArrayList<>() : queues;
        Set<String> ids = new HashSet<>();
        for (TriggerQueue queue : defined) {
            if (!ids.add(queue.getId())) {
                throw new IllegalArgumentException(Messages.format("TriggerQueues.DuplicateId", queue.getId()));
            }
        }
        this.queues = new ArrayList<>(defined);
    }

    /**
     * Saves, then applies the queues at once: pollers of removed or changed queues stop, jobs waiting for a new one
     * start listening. Configuration as Code saves through here too.
     */
    @Override
    public synchronized void save() {
        super.save();
        SqsTrigger.pollers().define(definitions());
    }

    /** The queue with this id, or {@code null}. */
    public TriggerQueue queue(String id) {
        return queues.stream().filter(queue -> queue.getId().equals(id)).findFirst().orElse(null);
    }

    /** Who may use the queue with this id, or {@code null} when no queue has it. */
    QueueAccess accessOf(String id) {
        TriggerQueue queue = queue(id);
        return queue == null ? null : queue.access();
    }

    List<QueuePollers.Definition> definitions() {
        return queues.stream().map(TriggerQueue::definition).toList();
    }
}
