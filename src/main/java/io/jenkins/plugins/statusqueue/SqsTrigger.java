package io.jenkins.plugins.statusqueue;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.CauseAction;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.StringParameterValue;
import hudson.triggers.Trigger;
import hudson.triggers.TriggerDescriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.trigger.DeliveryLedger;
import io.jenkins.plugins.statusqueue.trigger.MessageFilter;
import io.jenkins.plugins.statusqueue.trigger.MessageMapper;
import io.jenkins.plugins.statusqueue.trigger.MessageMapping;
import io.jenkins.plugins.statusqueue.trigger.ParameterSplit;
import io.jenkins.plugins.statusqueue.trigger.QueuePoller;
import io.jenkins.plugins.statusqueue.trigger.QueuePollers;
import io.jenkins.plugins.statusqueue.trigger.StandardMappers;
import java.io.File;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;
import jenkins.model.ParameterizedJobMixIn;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * Starts a build for each message of a queue, in the spirit of buildbot's SQS change source. All jobs on one queue
 * share one long-polling loop; see {@link QueuePoller} for what happens to each message.
 */
public class SqsTrigger extends Trigger<Job<?, ?>> {

    private static final Logger LOGGER = Logger.getLogger(SqsTrigger.class.getName());
    static final String RAW = "raw";
    static final String JSON = "json";
    static final String CUSTOM = "custom";
    private static QueuePollers pollers;

    private final QueueEndpoint queue;
    private String mode = RAW;
    private String filter = "";
    private String filterValue = "";
    private String mapperId = "";

    @DataBoundConstructor
    public SqsTrigger(QueueEndpoint queue) {
        this.queue = queue;
    }

    public QueueEndpoint getQueue() {
        return queue;
    }

    public String getMode() {
        return mode;
    }

    /** {@code raw}, {@code json} or {@code custom}. */
    @DataBoundSetter
    public void setMode(String mode) {
        this.mode = mode == null || mode.isBlank() ? RAW : mode.trim();
    }

    public String getFilter() {
        return filter;
    }

    /** A JSON path (starting with {@code $}) or a regular expression; blank takes every message. */
    @DataBoundSetter
    public void setFilter(String filter) {
        this.filter = filter == null ? "" : filter.trim();
    }

    public String getFilterValue() {
        return filterValue;
    }

    /** For a JSON path filter: the value the path must hold; blank: it must only exist. */
    @DataBoundSetter
    public void setFilterValue(String filterValue) {
        this.filterValue = filterValue == null ? "" : filterValue;
    }

    public String getMapperId() {
        return mapperId;
    }

    @DataBoundSetter
    public void setMapperId(String mapperId) {
        this.mapperId = mapperId == null ? "" : mapperId.trim();
    }

    static MessageFilter messageFilter(String filter, String filterValue) {
        if (filter == null || filter.isBlank()) {
            return MessageFilter.ALL;
        }
        return filter.startsWith("$") ? MessageFilter.jsonPath(filter, filterValue) : MessageFilter.regex(filter);
    }

    private MessageMapper mapper() {
        return switch (mode) {
            case JSON -> StandardMappers.JSON_FIELDS;
            case CUSTOM -> message -> {
                SqsMessageMapper custom = SqsMessageMapper.byId(mapperId);
                return custom == null ? MessageMapping.error("no message mapper with id '" + mapperId
                        + "' is installed") : custom.map(message);
            };
            default -> StandardMappers.RAW;
        };
    }

    @Override
    public void start(Job<?, ?> project, boolean newInstance) {
        super.start(project, newInstance);
        if (queue == null) {
            return;
        }
        Job<?, ?> owner = project;
        try {
            pollers().subscribe(queue.identity(), () -> queue.open(owner), new QueuePoller.Subscriber(
                    owner.getFullName(), messageFilter(filter, filterValue), mapper(), () -> true,
                    (message, values) -> schedule(owner, message, values)));
        } catch (QueueException | IllegalArgumentException e) {
            LOGGER.log(Level.WARNING, "The SQS trigger of " + owner.getFullName() + " cannot listen on "
                    + queue.describe() + ": " + e.getMessage());
        }
    }

    @Override
    public void stop() {
        if (queue != null && job != null) {
            pollers().unsubscribe(queue.identity(), job.getFullName());
        }
    }

    /** Schedules the build; a job that is disabled (or refuses) leaves the message in the queue. */
    private boolean schedule(Job<?, ?> owner, QueueMessage message, Map<String, String> values) {
        ParametersDefinitionProperty definitions = owner.getProperty(ParametersDefinitionProperty.class);
        ParameterSplit split = ParameterSplit.of(values,
                definitions == null ? List.of() : definitions.getParameterDefinitionNames());
        List<ParameterValue> parameters = new ArrayList<>();
        split.parameters().forEach((name, value) -> parameters.add(new StringParameterValue(name, value)));
        return ParameterizedJobMixIn.scheduleBuild2(owner, 0,
                new CauseAction(new SqsCause(queue.describe(), message.messageId())),
                new ParametersAction(parameters), new SqsEnvironmentAction(values, split.undefined())) != null;
    }

    @Override
    public Collection<? extends Action> getProjectActions() {
        return job == null || queue == null ? List.of() : List.of(new SqsTriggerAction(this));
    }

    /** The poller of this trigger's queue, or {@code null} while it is not listening. */
    QueuePoller poller() {
        return queue == null ? null : pollers().pollers().get(queue.identity());
    }

    String jobName() {
        return job == null ? "" : job.getFullName();
    }

    /** One loop per queue for the whole controller, with the ledger of messages that already started builds. */
    static synchronized QueuePollers pollers() {
        if (pollers == null) {
            File ledger = new File(new File(Jenkins.get().getRootDir(), "status-queue"), "trigger-delivered.txt");
            pollers = new QueuePollers(DeliveryLedger.open(ledger.toPath(), 100_000));
        }
        return pollers;
    }

    /** For the status page: every queue with a job listening, and its poller. */
    public static Map<String, QueuePoller> activePollers() {
        return pollers().pollers();
    }

    @Extension
    @Symbol("sqs")
    public static final class DescriptorImpl extends TriggerDescriptor {

        @Override
        public boolean isApplicable(Item item) {
            return item instanceof ParameterizedJobMixIn.ParameterizedJob;
        }

        @Override
        public String getDisplayName() {
            return Messages.format("SqsTrigger.DisplayName");
        }

        @POST
        public ListBoxModel doFillModeItems(@AncestorInPath Item context) {
            FormChecks.checkConfigure(context);
            ListBoxModel model = new ListBoxModel();
            model.add(Messages.format("SqsTrigger.Mode.raw"), RAW);
            model.add(Messages.format("SqsTrigger.Mode.json"), JSON);
            model.add(Messages.format("SqsTrigger.Mode.custom"), CUSTOM);
            return model;
        }

        @POST
        public ListBoxModel doFillMapperIdItems(@AncestorInPath Item context) {
            FormChecks.checkConfigure(context);
            ListBoxModel model = new ListBoxModel();
            model.add("", "");
            for (SqsMessageMapper mapper : SqsMessageMapper.all()) {
                model.add(mapper.getDisplayName(), mapper.getId());
            }
            return model;
        }

        @POST
        public FormValidation doCheckFilter(@AncestorInPath Item context, @QueryParameter String value,
                @QueryParameter String filterValue) {
            FormChecks.checkConfigure(context);
            try {
                return FormValidation.ok(Messages.format("SqsTrigger.Filter.Takes", messageFilter(value, filterValue)));
            } catch (IllegalArgumentException e) {
                return FormValidation.error(e.getMessage());
            }
        }
    }
}
