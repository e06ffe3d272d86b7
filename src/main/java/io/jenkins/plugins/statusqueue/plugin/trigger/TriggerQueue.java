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
import io.jenkins.plugins.statusqueue.trigger.TriggerLimit;
import io.jenkins.plugins.statusqueue.trigger.TriggerLimits;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A queue that jobs may trigger on, defined by an administrator: its id (what jobs name), its display name, its
 * transport and credentials (which no job sees), the folders and jobs that may use it (none until an administrator
 * names them), and what it may cost the controller ({@link TriggerLimits}).
 */
public class TriggerQueue extends AbstractDescribableImpl<TriggerQueue> {

    private final String id;
    private final QueueEndpoint queue;
    private String displayName = "";
    private String allowedItems = "";
    // Boxed: a queue saved before these existed loads them as null, which reads as the default.
    private Integer maxWaitingBuilds;
    private Integer buildsPerMinute;
    private Integer maxMessageKiB;
    private Integer maxFields;

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

    /** Full names of the folders and jobs that may use the queue, one a line, {@code *} for every job; blank: none. */
    @DataBoundSetter
    public void setAllowedItems(String allowedItems) {
        this.allowedItems = String.join("\n", QueueAccess.parse(allowedItems).entries());
    }

    public int getMaxWaitingBuilds() {
        return valueOf(maxWaitingBuilds, TriggerLimit.MAX_WAITING_BUILDS);
    }

    /** How many of one job's builds may wait in Jenkins' queue before its messages are held back. */
    @DataBoundSetter
    public void setMaxWaitingBuilds(int maxWaitingBuilds) {
        this.maxWaitingBuilds = TriggerLimit.MAX_WAITING_BUILDS.require(maxWaitingBuilds);
    }

    public int getBuildsPerMinute() {
        return valueOf(buildsPerMinute, TriggerLimit.BUILDS_PER_MINUTE);
    }

    /** How many builds the queue may start a minute, all its jobs together; 0: no limit. */
    @DataBoundSetter
    public void setBuildsPerMinute(int buildsPerMinute) {
        this.buildsPerMinute = TriggerLimit.BUILDS_PER_MINUTE.require(buildsPerMinute);
    }

    public int getMaxMessageKiB() {
        return valueOf(maxMessageKiB, TriggerLimit.MAX_MESSAGE_KIB);
    }

    /** How much of a message a filter or mapping reads, in KiB of characters. */
    @DataBoundSetter
    public void setMaxMessageKiB(int maxMessageKiB) {
        this.maxMessageKiB = TriggerLimit.MAX_MESSAGE_KIB.require(maxMessageKiB);
    }

    public int getMaxFields() {
        return valueOf(maxFields, TriggerLimit.MAX_FIELDS);
    }

    /** How many fields a mapping may pass. */
    @DataBoundSetter
    public void setMaxFields(int maxFields) {
        this.maxFields = TriggerLimit.MAX_FIELDS.require(maxFields);
    }

    private static int valueOf(Integer value, TriggerLimit limit) {
        return value == null ? limit.defaultValue() : value;
    }

    TriggerLimits limits() {
        return TriggerLimit.limits(getMaxWaitingBuilds(), getBuildsPerMinute(), getMaxMessageKiB(), getMaxFields());
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
        }, access(), limits());
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
            QueueAccess access = QueueAccess.parse(value);
            return access.entries().isEmpty() ? FormValidation.warning(Messages.format("TriggerQueue.AllowsNone"))
                    : FormValidation.ok(Messages.format("TriggerQueue.Allows", access));
        }

        @POST
        public FormValidation doCheckMaxWaitingBuilds(@QueryParameter String value) {
            return FormChecks.checkNumber(TriggerLimit.MAX_WAITING_BUILDS, value);
        }

        @POST
        public FormValidation doCheckBuildsPerMinute(@QueryParameter String value) {
            return FormChecks.checkNumber(TriggerLimit.BUILDS_PER_MINUTE, value);
        }

        @POST
        public FormValidation doCheckMaxMessageKiB(@QueryParameter String value) {
            return FormChecks.checkNumber(TriggerLimit.MAX_MESSAGE_KIB, value);
        }

        @POST
        public FormValidation doCheckMaxFields(@QueryParameter String value) {
            return FormChecks.checkNumber(TriggerLimit.MAX_FIELDS, value);
        }
    }
}
