package io.jenkins.plugins.statusqueue.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.XStreamException;
import hudson.Extension;
import hudson.model.Action;
import hudson.model.Cause;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.JobProperty;
import hudson.model.ManagementLink;
import hudson.triggers.Trigger;
import io.jenkins.plugins.statusqueue.plugin.settings.ApiGatewayEndpoint;
import io.jenkins.plugins.statusqueue.plugin.settings.GitHubSettings;
import io.jenkins.plugins.statusqueue.plugin.settings.LimitSettings;
import io.jenkins.plugins.statusqueue.plugin.settings.QueueEndpoint;
import io.jenkins.plugins.statusqueue.plugin.settings.SqsEndpoint;
import io.jenkins.plugins.statusqueue.plugin.settings.StatusQueueConfiguration;
import io.jenkins.plugins.statusqueue.plugin.settings.StatusSettings;
import io.jenkins.plugins.statusqueue.plugin.settings.StepStatusSettings;
import io.jenkins.plugins.statusqueue.plugin.trigger.SqsCause;
import io.jenkins.plugins.statusqueue.plugin.trigger.SqsEnvironmentAction;
import io.jenkins.plugins.statusqueue.plugin.trigger.SqsTrigger;
import io.jenkins.plugins.statusqueue.plugin.trigger.TriggerQueue;
import io.jenkins.plugins.statusqueue.plugin.trigger.TriggerQueues;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import jenkins.model.GlobalConfiguration;
import org.junit.jupiter.api.Test;

/**
 * Everything of the plugin that Jenkins saves with XStream (the global configuration and its endpoints in
 * {@code io.jenkins.plugins.statusqueue.plugin.settings.StatusQueueConfiguration.xml}, triggers in a job's {@code config.xml},
 * actions and causes in a build's {@code build.xml}) is saved and loaded here with real XStream behind Jenkins'
 * class filter: a type the filter refuses would lose the build record or the configuration in a real Jenkins.
 */
class PersistenceTest {

    private static final Path CLASSES = Path.of("target/classes");

    /** Persisted-looking classes that Jenkins never saves, and why. */
    private static final Map<String, String> NOT_SAVED = Map.of(
            "io.jenkins.plugins.statusqueue.plugin.trigger.SqsTriggerAction",
            "a project action the trigger returns from getProjectActions(), made afresh, never saved");

    private final XStream xstream = JenkinsXStream.create();

    /** One instance of each persisted class, every saved field set to a value it takes in use. */
    private Map<Class<?>, Supplier<Object>> samples() {
        Map<Class<?>, Supplier<Object>> samples = new LinkedHashMap<>();
        samples.put(StatusQueueConfiguration.class, () -> configuration(apiGateway()));
        samples.put(GitHubSettings.class, PersistenceTest::gitHub);
        samples.put(StatusSettings.class, PersistenceTest::statuses);
        samples.put(StepStatusSettings.class, PersistenceTest::stepStatuses);
        samples.put(LimitSettings.class, PersistenceTest::limits);
        samples.put(ApiGatewayEndpoint.class, PersistenceTest::apiGateway);
        samples.put(SqsEndpoint.class, PersistenceTest::sqs);
        samples.put(TriggerQueue.class, PersistenceTest::triggerQueue);
        samples.put(TriggerQueues.class, () -> {
            TriggerQueues queues = (TriggerQueues) xstream.getReflectionProvider()
                    .newInstance(TriggerQueues.class);
            queues.setQueues(List.of(triggerQueue(), new TriggerQueue("deploys", apiGateway())));
            return queues;
        });
        samples.put(SqsTrigger.class, () -> {
            SqsTrigger trigger = new SqsTrigger("builds");
            trigger.setMode("json");
            trigger.setFilter("jsonPath");
            trigger.setFilterValue("$.detail.build.state == passed");
            trigger.setMapperId("");
            return trigger;
        });
        samples.put(SqsEnvironmentAction.class, () -> {
            Map<String, String> environment = new LinkedHashMap<>();
            environment.put("SQS_BODY", "{\"a\":1}");
            environment.put("SQS_FIELD_BRANCH", "main");
            return new SqsEnvironmentAction(environment);
        });
        samples.put(SqsCause.class, () -> new SqsCause("Build requests", "5fea7756-0ea4-451a-a703-a558b933e274"));
        return samples;
    }

    private static TriggerQueue triggerQueue() {
        TriggerQueue queue = new TriggerQueue("builds", sqs());
        queue.setMaxWaitingBuilds(5);
        queue.setBuildsPerMinute(30);
        queue.setMaxMessageKiB(128);
        queue.setMaxFields(100);
        queue.setDisplayName("Build requests");
        queue.setAllowedItems("team-a\nteam-b/deploy");
        return queue;
    }

    private static ApiGatewayEndpoint apiGateway() {
        return new ApiGatewayEndpoint("https://abc123.execute-api.eu-west-1.amazonaws.com/prod", "api-key");
    }

    private static SqsEndpoint sqs() {
        SqsEndpoint endpoint = new SqsEndpoint("https://sqs.eu-west-1.amazonaws.com/123456789012/status",
                "eu-west-1");
        endpoint.setCredentialsId("aws-keys");
        endpoint.setEndpointOverride("https://vpce-1.sqs.eu-west-1.vpce.amazonaws.com");
        return endpoint;
    }

    /** Jenkins makes the configuration with its constructor, which loads the saved file: not possible here. */
    private StatusQueueConfiguration configuration(Object queue) {
        StatusQueueConfiguration configuration = (StatusQueueConfiguration) xstream.getReflectionProvider()
                .newInstance(StatusQueueConfiguration.class);
        configuration.setQueue((QueueEndpoint) queue);
        configuration.setEnabled(true);
        configuration.setGitHub(gitHub());
        configuration.setStatuses(statuses());
        configuration.setStepStatuses(stepStatuses());
        configuration.setLimits(limits());
        return configuration;
    }

    private static GitHubSettings gitHub() {
        GitHubSettings gitHub = new GitHubSettings();
        gitHub.setApiUrl("https://ghe.example.com/api/v3");
        gitHub.setCredentialsId("ghe-token");
        return gitHub;
    }

    private static StatusSettings statuses() {
        StatusSettings statuses = new StatusSettings();
        statuses.setStateMapping("canceled=failure");
        statuses.setContextTemplate("ci/{pipeline}");
        statuses.setTargetUrlTemplate("https://buildkite.com/{org}/{pipeline}/builds/{number}");
        return statuses;
    }

    private static StepStatusSettings stepStatuses() {
        StepStatusSettings steps = new StepStatusSettings();
        steps.setCommandSteps(true);
        steps.setTriggerSteps(false);
        steps.setContextTemplate("ci/{pipeline}/{step}");
        steps.setStateMapping("soft_failed=failure");
        return steps;
    }

    private static LimitSettings limits() {
        LimitSettings limits = new LimitSettings();
        limits.setIntervalSeconds(15);
        limits.setMaxMessagesPerPass(500);
        limits.setMaxSecondsPerPass(45);
        limits.setConcurrency(16);
        limits.setLongPollSeconds(10);
        limits.setRetryDelaySeconds(120);
        return limits;
    }

    @Test
    void everyPersistedObjectSavesAndLoadsBehindJenkinsClassFilter() {
        List<String> failures = new ArrayList<>();
        samples().forEach((type, sample) -> {
            Object object = sample.get();
            try {
                String xml = xstream.toXML(object);
                for (String field : savedFields(type)) {
                    if (!xml.contains("<" + field + ">") && !xml.contains("<" + field + " ")) {
                        failures.add(type.getSimpleName() + ": the sample leaves '" + field
                                + "' unset, so its saved form is not proven");
                    }
                }
                Object loaded = xstream.fromXML(xml);
                assertEquals(type, loaded.getClass());
                assertEquals(xml, xstream.toXML(loaded), type.getSimpleName() + " changes through a restart");
            } catch (XStreamException e) {
                failures.add(type.getSimpleName() + ": " + rootMessage(e));
            }
        });
        assertEquals(List.of(), failures);
    }

    @Test
    void theConfigurationLoadsIntoTheInstanceJenkinsMade() {
        StatusQueueConfiguration saved = configuration(sqs());
        String xml = xstream.toXML(saved);
        StatusQueueConfiguration loaded = (StatusQueueConfiguration) xstream.getReflectionProvider()
                .newInstance(StatusQueueConfiguration.class);
        xstream.fromXML(xml, loaded);
        assertEquals("https://ghe.example.com/api/v3", loaded.getGitHub().getApiUrl());
        assertEquals(15, loaded.getLimits().getIntervalSeconds());
        assertEquals("ci/{pipeline}/{step}", loaded.getStepStatuses().getContextTemplate());
        SqsEndpoint queue = (SqsEndpoint) loaded.getQueue();
        assertEquals("aws-keys", queue.getCredentialsId());
        assertEquals("eu-west-1", queue.getRegion());
    }

    @Test
    void everyPersistedClassHasASample() throws IOException, ClassNotFoundException {
        List<String> missing = new ArrayList<>();
        Map<Class<?>, Supplier<Object>> samples = samples();
        for (Class<?> type : pluginClasses()) {
            if (isSaved(type) && !samples.containsKey(type) && !NOT_SAVED.containsKey(type.getName())) {
                missing.add(type.getName());
            }
        }
        assertEquals(List.of(), missing, "persisted classes without a sample in " + getClass().getSimpleName());
    }

    /** The filter is Jenkins', not a formality: it refuses what Jenkins refused in the acceptance run. */
    @Test
    void theFilterRefusesWhatJenkinsRefuses() {
        assertNotNull(JenkinsXStream.refusal(List.of("a", "b", "c").getClass()), "ImmutableCollections$ListN");
        assertNotNull(JenkinsXStream.refusal(List.copyOf(new ArrayList<>(List.of("a"))).getClass()));
        assertNotNull(JenkinsXStream.refusal(Map.of("a", "b").getClass()));
        assertNotNull(JenkinsXStream.refusal(java.time.Instant.class));
        assertNotNull(JenkinsXStream.refusal(com.fasterxml.jackson.databind.ObjectMapper.class), "a library's class");
        assertNull(JenkinsXStream.refusal(ArrayList.class));
        assertNull(JenkinsXStream.refusal(java.util.TreeMap.class));
        assertNull(JenkinsXStream.refusal(String.class));
        assertNull(JenkinsXStream.refusal(SqsCause.class));
        XStreamException refused = assertThrows(XStreamException.class,
                () -> xstream.toXML(new ArrayList<>(List.of(List.of("x", "y", "z")))));
        assertTrue(rootMessage(refused).contains("ImmutableCollections$ListN in JRE might be dangerous"),
                rootMessage(refused));
    }

    /** Jenkins saves GlobalConfigurations, and describables, triggers, properties, actions and causes in them. */
    private static boolean isSaved(Class<?> type) {
        if (type.isInterface() || Modifier.isAbstract(type.getModifiers()) || type.isAnonymousClass()
                || ManagementLink.class.isAssignableFrom(type)) {
            return false;
        }
        if (GlobalConfiguration.class.isAssignableFrom(type)) {
            return true;
        }
        if (type.isAnnotationPresent(Extension.class) || Descriptor.class.isAssignableFrom(type)) {
            return false;
        }
        return Describable.class.isAssignableFrom(type) || Trigger.class.isAssignableFrom(type)
                || JobProperty.class.isAssignableFrom(type) || Action.class.isAssignableFrom(type)
                || Cause.class.isAssignableFrom(type);
    }

    /** The fields XStream writes: neither static nor transient, declared by the plugin's classes. */
    private static List<String> savedFields(Class<?> type) {
        List<String> fields = new ArrayList<>();
        for (Class<?> c = type; c != null && c.getName().startsWith("io.jenkins.plugins."); c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                int modifiers = field.getModifiers();
                if (!Modifier.isStatic(modifiers) && !Modifier.isTransient(modifiers) && !field.isSynthetic()) {
                    fields.add(field.getName());
                }
            }
        }
        return fields;
    }

    private static List<Class<?>> pluginClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES.resolve("io/jenkins/plugins/statusqueue"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replaceAll("\\.class$", "").replace('/', '.');
                classes.add(Class.forName(name, false, PersistenceTest.class.getClassLoader()));
            }
        }
        classes.sort((a, b) -> a.getName().compareTo(b.getName()));
        return classes;
    }

    private static String rootMessage(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.getMessage() == null ? cause.toString() : cause.getMessage();
    }
}
