package io.jenkins.plugins.statusqueue.plugin.trigger;

import hudson.Extension;
import hudson.model.Action;
import hudson.model.CauseAction;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.ParameterValue;
import hudson.model.ParametersAction;
import hudson.model.ParametersDefinitionProperty;
import hudson.model.Queue;
import hudson.triggers.Trigger;
import hudson.triggers.TriggerDescriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.plugin.settings.Fields;
import io.jenkins.plugins.statusqueue.plugin.settings.FormChecks;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.trigger.BuildRefusedException;
import io.jenkins.plugins.statusqueue.trigger.DeliveryLedger;
import io.jenkins.plugins.statusqueue.trigger.MessageFilter;
import io.jenkins.plugins.statusqueue.trigger.MessageMapper;
import io.jenkins.plugins.statusqueue.trigger.MessageMapping;
import io.jenkins.plugins.statusqueue.trigger.ParameterSplit;
import io.jenkins.plugins.statusqueue.trigger.QueuePoller;
import io.jenkins.plugins.statusqueue.trigger.QueuePollers;
import io.jenkins.plugins.statusqueue.trigger.StandardMappers;
import java.io.File;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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
 * Starts a build for each message of a trigger queue, in the spirit of buildbot's SQS change source. The job names
 * the queue by the id an administrator gave it ({@link TriggerQueues}) and holds no URL or credential; the queue
 * must permit the job. All jobs on one queue share its one long-polling loop; see {@link QueuePoller} for what
 * happens to each message.
 */
public class SqsTrigger extends Trigger<Job<?, ?>> {

    private static final Logger LOGGER = Logger.getLogger(SqsTrigger.class.getName());
    static final String RAW = "raw";
    static final String JSON = "json";
    static final String CUSTOM = "custom";
    private static QueuePollers pollers;

    private final String queue;
    private String mode = RAW;
    private String filter = "";
    private String filterValue = "";
    private String mapperId = "";
    /** Why the trigger is not listening although its queue is usable (a filter that does not compile). */
    private transient volatile String problem;

    /** @param queue the id of a trigger queue, e.g. {@code builds} */
    @DataBoundConstructor
    public SqsTrigger(String queue) {
        this.queue = Fields.trim(queue);
    }

    /** Never {@code null}: a trigger saved by an earlier version, whose queue was no id, loads without one. */
    public String getQueue() {
        return queue == null ? "" : queue;
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
        this.filter = Fields.trim(filter);
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
        this.mapperId = Fields.trim(mapperId);
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
        Job<?, ?> owner = project;
        MessageFilter messageFilter;
        try {
            messageFilter = messageFilter(filter, filterValue);
        } catch (IllegalArgumentException e) {
            problem = Messages.format("SqsTrigger.BadFilter", e.getMessage());
            LOGGER.warning("The SQS trigger of " + owner.getFullName() + " is not listening: " + problem);
            return;
        }
        problem = null;
        pollers().subscribe(getQueue(), new QueuePoller.Subscriber(owner.getFullName(), isComputed(owner),
                messageFilter, mapper(), () -> !(owner instanceof ParameterizedJobMixIn.ParameterizedJob<?, ?> job
                        && job.isDisabled()), () -> waitingBuilds(owner),
                (message, values) -> schedule(owner, message, values)), () -> owner.hasPermission(Item.READ), this);
    }

    /**
     * Whether a folder computes the item (a branch or pull request job of a multibranch project, or a project of an
     * organization folder): whoever pushes a branch with a Jenkinsfile creates such a job. Told by the class name,
     * since cloudbees-folder is no dependency of this plugin.
     */
    static boolean isComputed(Item item) {
        for (Class<?> type = item.getParent() == null ? null : item.getParent().getClass(); type != null;
                type = type.getSuperclass()) {
            if (type.getName().equals("com.cloudbees.hudson.plugins.folder.computed.ComputedFolder")) {
                return true;
            }
        }
        return false;
    }

    /** The job's builds waiting in Jenkins' queue, whoever scheduled them. */
    private static int waitingBuilds(Job<?, ?> owner) {
        return owner instanceof Queue.Task task ? Jenkins.get().getQueue().getItems(task).size() : 0;
    }

    @Override
    public void stop() {
        pollers().unsubscribe(this);
    }

    /**
     * Schedules the build with typed parameters ({@link MessageParameters}); false when Jenkins did not take it.
     */
    private boolean schedule(Job<?, ?> owner, QueueMessage message, Map<String, String> values)
            throws BuildRefusedException {
        ParametersDefinitionProperty definitions = owner.getProperty(ParametersDefinitionProperty.class);
        ParameterSplit split = ParameterSplit.of(values,
                definitions == null ? List.of() : definitions.getParameterDefinitionNames());
        List<ParameterValue> parameters = definitions == null ? new ArrayList<>()
                : MessageParameters.of(definitions.getParameterDefinitions(), split.parameters(),
                        note -> pollers().note(owner.getFullName(), message.messageId(), note));
        return ParameterizedJobMixIn.scheduleBuild2(owner, 0,
                new CauseAction(new SqsCause(queueName(), message.messageId())),
                new ParametersAction(parameters), new SqsEnvironmentAction(split.environment())) != null;
    }

    /** The queue's display name, or its id when no administrator defined it. */
    String queueName() {
        TriggerQueue definition = TriggerQueues.get().queue(getQueue());
        return definition == null ? getQueue() : definition.getName();
    }

    @Override
    public Collection<? extends Action> getProjectActions() {
        return job == null ? List.of() : List.of(new SqsTriggerAction(this));
    }

    /** The job's state, queue and recent messages, or {@code null} while it has no subscription. */
    QueuePollers.JobStatus status() {
        return job == null ? null : pollers().job(job.getFullName());
    }

    String problem() {
        return problem;
    }

    /** The trigger queues' pollers for the whole controller, with the ledger of messages that started builds. */
    public static synchronized QueuePollers pollers() {
        if (pollers == null) {
            File ledger = new File(new File(Jenkins.get().getRootDir(), "status-queue"), "trigger-delivered.txt");
            pollers = new QueuePollers(DeliveryLedger.open(ledger.toPath(), 100_000), Clock.systemUTC());
            pollers.define(TriggerQueues.get().definitions());
        }
        return pollers;
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

        /** Only the queues this job may use; their ids and display names, never their URLs. */
        @POST
        public ListBoxModel doFillQueueItems(@AncestorInPath Item context, @QueryParameter String queue) {
            FormChecks.checkConfigure(context);
            TriggerQueues queues = TriggerQueues.get();
            ListBoxModel model = new ListBoxModel();
            model.add("", "");
            for (TriggerQueue candidate : queues.getQueues()) {
                if (context == null || QueuePollers.stateOf(candidate.getId(), context.getFullName(),
                        isComputed(context), queues::accessOf) == QueuePollers.State.LISTENING) {
                    model.add(candidate.getName() + " (" + candidate.getId() + ")", candidate.getId());
                }
            }
            if (queue != null && !queue.isBlank() && model.stream().noneMatch(option -> option.value.equals(queue))) {
                model.add(queue, queue);
            }
            return model;
        }

        @POST
        public FormValidation doCheckQueue(@AncestorInPath Item context, @QueryParameter String value) {
            FormChecks.checkConfigure(context);
            String id = Fields.trim(value);
            if (context == null) {
                return FormValidation.ok();
            }
            return switch (QueuePollers.stateOf(id, context.getFullName(), isComputed(context),
                    TriggerQueues.get()::accessOf)) {
                case NO_QUEUE -> FormValidation.error(Messages.format("SqsTrigger.Queue.Choose"));
                case UNKNOWN_QUEUE -> FormValidation.error(Messages.format("SqsTrigger.Queue.Unknown", id));
                case FORBIDDEN -> FormValidation.error(Messages.format("SqsTrigger.Queue.Forbidden", id));
                case LISTENING -> FormValidation.ok();
            };
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
