package io.jenkins.plugins.statusqueue.plugin.trigger;

import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.Fingerprint;
import io.jenkins.plugins.statusqueue.plugin.settings.Fields;
import io.jenkins.plugins.statusqueue.plugin.settings.FormChecks;
import io.jenkins.plugins.statusqueue.plugin.settings.QueueEndpoint;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.trigger.QueueAccess;
import io.jenkins.plugins.statusqueue.trigger.QueueIds;
import io.jenkins.plugins.statusqueue.trigger.QueuePollers;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A queue that jobs may trigger on, defined by an administrator: its id (what jobs name), its display name, its
 * transport and credentials (which no job sees), and optionally the folders and jobs that may use it.
 */
public class TriggerQueue extends AbstractDescribableImpl<TriggerQueue> {

    private final String id;
    private final QueueEndpoint queue;
    private String displayName = "";
    private String allowedItems = "";

    /**
     * @param id       what jobs name the queue by, e.g. {@code builds}
     * @param queue    the queue and its credentials
     * @throws IllegalArgumentException when the id is not usable
     */
    @DataBoundConstructor
    public TriggerQueue(String id, QueueEndpoint queue) {
        FieldCheck check = QueueIds.check(id);
        if (check.isError()) {
            throw new IllegalArgumentException(Messages.format("TriggerQueue.BadId", Fields.trim(id), check.message()));
        }
        this.id = id.trim();
        this.queue = queue;
    }

    public String getId() {
        return id;
    }

    public QueueEndpoint getQueue() {
        return queue;
    }

    public String getDisplayName() {
        return displayName;
    }

    /** Blank: the id. */
    @DataBoundSetter
    public void setDisplayName(String displayName) {
        this.displayName = Fields.trim(displayName);
    }

    public String getAllowedItems() {
        return allowedItems;
    }

    /** Full names of the folders and jobs that may use the queue, one a line; blank: every job. */
    @DataBoundSetter
    public void setAllowedItems(String allowedItems) {
        this.allowedItems = String.join("\n", QueueAccess.parse(allowedItems).entries());
    }

    /** What pages and build causes call the queue: its display name, or its id. */
    public String getName() {
        return displayName.isEmpty() ? id : displayName;
    }

    QueueAccess access() {
        return QueueAccess.parse(allowedItems);
    }

    /**
     * The queue for the pollers. Its fingerprint covers the resolved credentials, so that a changed secret reopens
     * the queue; a queue that cannot be resolved now is still defined, and its poller reports why it cannot open.
     */
    QueuePollers.Definition definition() {
        String fingerprint;
        String description = queue == null ? Messages.format("TriggerQueue.NoEndpoint") : queue.describe();
        try {
            fingerprint = queue == null ? "none" : queue.connect().fingerprint();
        } catch (QueueException e) {
            fingerprint = Fingerprint.of("unusable", description, e.getMessage());
        }
        return new QueuePollers.Definition(id, getName(), description, fingerprint, () -> {
            if (queue == null) {
                throw new QueueException(QueueException.Kind.CONFIG, Messages.format("TriggerQueue.NoEndpoint"));
            }
            return queue.open();
        }, access());
    }

    @Extension
    @Symbol("triggerQueue")
    public static final class DescriptorImpl extends Descriptor<TriggerQueue> {

        @Override
        public String getDisplayName() {
            return Messages.format("TriggerQueue.DisplayName");
        }

        @POST
        public FormValidation doCheckId(@QueryParameter String value) {
            FormChecks.checkAdminister();
            return FormChecks.toValidation(QueueIds.check(value));
        }

        @POST
        public FormValidation doCheckAllowedItems(@QueryParameter String value) {
            FormChecks.checkAdminister();
            return FormValidation.ok(Messages.format("TriggerQueue.Allows", QueueAccess.parse(value)));
        }
    }
}
