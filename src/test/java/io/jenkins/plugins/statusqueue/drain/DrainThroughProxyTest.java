package io.jenkins.plugins.statusqueue.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.auth.AWSStaticCredentialsProvider;
import com.amazonaws.auth.BasicAWSCredentials;
import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.github.GitHubStatusSink;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.http.HttpClientFactory;
import io.jenkins.plugins.statusqueue.queue.ApiGatewayQueueSource;
import io.jenkins.plugins.statusqueue.queue.HttpProxy;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.queue.SqsQueueSource;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator.Stack;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import io.jenkins.plugins.statusqueue.sim.EmulatedStacks;
import io.jenkins.plugins.statusqueue.sim.ForwardingProxy;
import io.jenkins.plugins.statusqueue.sim.GheSimulator;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import okhttp3.Credentials;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The usual on-premises set-up: the queue reached only through the corporate proxy, which wants a login, and GitHub
 * Enterprise inside, on "No Proxy Host". A real forwarding proxy on 127.0.0.1 shows which requests took which route.
 */
class DrainThroughProxyTest {

    @RegisterExtension
    static final EmulatedStacks STACKS = new EmulatedStacks();

    private static final String USER = "jenkins";
    private static final String PASSWORD = "proxy-password";
    private static final DrainSettings SETTINGS = new DrainSettings(1000, Duration.ofSeconds(30), 8, 0,
            Duration.ofSeconds(60));

    /**
     * What okhttp-api's {@code JenkinsOkHttpClient.newClientBuilder} gives with Jenkins' proxy configuration, on
     * OkHttp's own API: the proxy for every host but {@code noProxyHost}, and the login when the proxy asks for it.
     */
    static HttpClientFactory jenkinsProxy(ForwardingProxy proxy, String noProxyHost) {
        ProxySelector selector = new ProxySelector() {
            @Override
            public List<Proxy> select(URI uri) {
                return List.of(uri.getHost().equals(noProxyHost) ? Proxy.NO_PROXY
                        : new Proxy(Proxy.Type.HTTP, new InetSocketAddress(proxy.host(), proxy.port())));
            }

            @Override
            public void connectFailed(URI uri, SocketAddress address, IOException e) {
            }
        };
        return base -> base.newBuilder().proxySelector(selector).proxyAuthenticator((route, response) ->
                response.request().header("Proxy-Authorization") != null ? null : response.request().newBuilder()
                        .header("Proxy-Authorization", Credentials.basic(USER, PASSWORD)).build());
    }

    @Test
    void drainsTheQueueThroughTheProxyAndPostsToGitHubEnterpriseStraight() throws Exception {
        ApiGatewayEmulator api = STACKS.start(Stack.IMPROVED);
        for (int i = 0; i < 12; i++) {
            STACKS.mq().client().sendMessage(STACKS.queueUrl(), BuildkiteEvents.build().number(i + 1)
                    .commit(BuildkiteEvents.sha(i)).envelope());
        }
        try (GheSimulator ghe = GheSimulator.start(); ForwardingProxy proxy = ForwardingProxy.start(USER, PASSWORD)) {
            ghe.repository("acme", "web");
            HttpClientFactory http = jenkinsProxy(proxy, "localhost");
            String gheOnNoProxyHost = ghe.apiUrl().replace("127.0.0.1", "localhost");
            DrainSetup setup = new DrainSetup(
                    new ApiGatewayQueueSource(http, api.apiUrl(), ApiGatewayEmulator.API_KEY),
                    new GitHubStatusSink(http, gheOnNoProxyHost, GheSimulator.DEFAULT_TOKEN),
                    new EventDecoder("ghe.example.com"), new StatusMapper(StateMapping.DEFAULTS, null, null), SETTINGS);
            DrainService service = new DrainService(DrainHistory.open(null), Clock.systemUTC());
            for (int pass = 0; pass < 5 && STACKS.mq().depth(STACKS.queueUrl()) > 0; pass++) {
                service.requestPass();
                service.runPass(setup);
            }

            assertEquals(12, ghe.statuses().size(), "every status reached GitHub Enterprise");
            assertEquals(0, STACKS.mq().depth(STACKS.queueUrl()), "and every message left the queue");
            assertTrue(proxy.challenged() >= 1, "the proxy asked for its login");
            List<String> forwarded = proxy.forwarded();
            assertTrue(forwarded.stream().anyMatch(r -> r.startsWith("GET " + api.apiUrl() + "/message?")),
                    forwarded.toString());
            assertTrue(forwarded.stream().anyMatch(r -> r.startsWith("POST " + api.apiUrl() + "/message/delete")),
                    forwarded.toString());
            assertTrue(forwarded.stream().allMatch(r -> r.contains(api.apiUrl())), "only the queue went through it");
            assertEquals(12, ghe.requests().stream().filter(r -> r.method().equals("POST")).count(),
                    "GitHub Enterprise was posted to straight");
        }
    }

    @Test
    void readsAnSqsQueueThroughTheProxyWithItsLogin() throws Exception {
        String queueUrl = STACKS.mq().createQueue("through-proxy");
        STACKS.mq().client().sendMessage(queueUrl, "hello");
        try (ForwardingProxy proxy = ForwardingProxy.start(USER, PASSWORD);
                SqsQueueSource source = new SqsQueueSource(SqsQueueSource.newClient(ElasticMq.REGION,
                        STACKS.mq().endpoint(), new AWSStaticCredentialsProvider(new BasicAWSCredentials(
                                ElasticMq.ACCESS_KEY, ElasticMq.SECRET_KEY)),
                        new HttpProxy(proxy.host(), proxy.port(), USER, PASSWORD)), queueUrl, 30)) {
            List<QueueMessage> received = source.receive(10, 1);
            assertEquals(1, received.size());
            assertEquals("hello", received.get(0).body());
            assertEquals(1, source.delete(received).deleted().size());
            assertTrue(proxy.challenged() >= 1, "the proxy asked for its login");
            assertFalse(proxy.forwarded().isEmpty());
            assertTrue(proxy.forwarded().stream().allMatch(r -> r.startsWith("POST " + STACKS.mq().endpoint())),
                    proxy.forwarded().toString());
        }
        assertEquals(0, STACKS.mq().depth(queueUrl));
    }
}
