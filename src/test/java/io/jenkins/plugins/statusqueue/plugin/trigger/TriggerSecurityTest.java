package io.jenkins.plugins.statusqueue.plugin.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.EnvVars;
import io.jenkins.plugins.statusqueue.plugin.settings.ApiGatewayEndpoint;
import io.jenkins.plugins.statusqueue.plugin.settings.SqsEndpoint;
import io.jenkins.plugins.statusqueue.plugin.settings.StatusQueueConfiguration;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/** What a job configurer, a Jenkinsfile or a queue writer could reach through the trigger, tried. */
class TriggerSecurityTest {

    /** Finding 3: a job's trigger chose its own queue URL and credential, blank meaning the controller's identity. */
    @Test
    void theJobTriggerHoldsNoUrlAndNoCredential() {
        List<String> bindable = new ArrayList<>();
        for (Constructor<?> constructor : SqsTrigger.class.getConstructors()) {
            if (constructor.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter parameter : constructor.getParameters()) {
                    bindable.add(parameter.getName() + ":" + parameter.getType().getSimpleName());
                }
            }
        }
        for (Method method : SqsTrigger.class.getMethods()) {
            if (method.isAnnotationPresent(DataBoundSetter.class)) {
                bindable.add(method.getName() + ":" + method.getParameterTypes()[0].getSimpleName());
            }
        }
        assertEquals(new TreeSet<>(List.of("queue:String", "setMode:String", "setFilter:String",
                "setFilterValue:String", "setMapperId:String")), new TreeSet<>(bindable),
                "the queue is an id; nothing else a job sets can point at a queue or a credential");
    }

    /** The forms that list and test the queues' credentials answer administrators only, never in a job's context. */
    @Test
    void noQueueOrCredentialFormMethodWorksInAJobsContext() {
        List<String> jobContext = new ArrayList<>();
        for (Class<?> descriptor : List.of(ApiGatewayEndpoint.DescriptorImpl.class, SqsEndpoint.DescriptorImpl.class,
                TriggerQueue.DescriptorImpl.class, StatusQueueConfiguration.class)) {
            for (Method method : descriptor.getDeclaredMethods()) {
                for (Parameter parameter : method.getParameters()) {
                    if (parameter.isAnnotationPresent(AncestorInPath.class)) {
                        jobContext.add(descriptor.getSimpleName() + "." + method.getName());
                    }
                }
            }
        }
        assertEquals(List.of(), jobContext);
    }

    /** Finding 3: with the default chain, requests signed with the controller's AWS identity went to any host. */
    @Test
    void theControllersOwnAwsIdentityIsOnlySentToAmazonSqs() throws Exception {
        SqsEndpoint elsewhere = new SqsEndpoint("http://127.0.0.1:9324/000000000000/builds", ElasticMq.REGION);
        QueueException refused = assertThrows(QueueException.class, elsewhere::connect);
        assertEquals(QueueException.Kind.CONFIG, refused.kind());
        assertTrue(refused.getMessage().contains("only ever sent to Amazon SQS"), refused.getMessage());

        SqsEndpoint redirected = new SqsEndpoint("https://sqs.eu-west-1.amazonaws.com/123456789012/builds", "");
        redirected.setEndpointOverride("https://collector.example.com");
        assertEquals(QueueException.Kind.CONFIG, assertThrows(QueueException.class, redirected::connect).kind());

        SqsEndpoint amazon = new SqsEndpoint("https://sqs.eu-west-1.amazonaws.com/123456789012/builds", "eu-west-1");
        amazon.setEndpointOverride("https://vpce-0abc-defg.sqs.eu-west-1.vpce.amazonaws.com");
        amazon.connect();
    }

    /** Finding 1, in the build: the message's values never replace a variable, and only appear prefixed. */
    @Test
    void theBuildEnvironmentKeepsEveryVariableItHad() {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("SQS_BODY", "{}");
        environment.put("SQS_FIELD_PATH", "/tmp/bin");
        SqsEnvironmentAction action = new SqsEnvironmentAction(environment);
        EnvVars env = new EnvVars();
        env.put("PATH", "/usr/bin");
        env.put("SQS_BODY", "set by the job");

        action.buildEnvironment(null, env);

        assertEquals("/usr/bin", env.get("PATH"));
        assertEquals("set by the job", env.get("SQS_BODY"), "an existing variable is never replaced");
        assertEquals("/tmp/bin", env.get("SQS_FIELD_PATH"));
        assertEquals(List.of("SQS_FIELD_PATH"), action.getFields(), "what the build page lists");
    }
}
