package io.jenkins.plugins.statusqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import io.jenkins.plugins.statusqueue.sim.GheSimulator;
import java.io.IOException;
import java.net.CookieManager;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built .hpi in a real Jenkins: configured through the script console, it drains events from the emulated stack
 * into the GitHub Enterprise simulator, and its status page and JSON view show them. Runs only where a Jenkins war
 * and the dependency plugins are at hand ({@code -Djenkins.war=... -Djenkins.plugins=dir-of-hpis}); elsewhere it
 * reports that it was skipped.
 */
class JenkinsEndToEndIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path home;

    @Test
    void drainsIntoGitHubEnterpriseAndShowsItOnTheStatusPage() throws Exception {
        String war = System.getProperty("jenkins.war");
        String plugins = System.getProperty("jenkins.plugins");
        Assumptions.assumeTrue(war != null && plugins != null, "skipped: no Jenkins war here; run with "
                + "-Djenkins.war=/path/jenkins.war -Djenkins.plugins=/dir/with/dependency/hpis");
        Path pluginDir = Files.createDirectories(home.resolve("plugins"));
        try (Stream<Path> hpis = Files.list(Path.of(plugins))) {
            for (Path hpi : hpis.filter(p -> p.toString().endsWith(".hpi") || p.toString().endsWith(".jpi")).toList()) {
                Files.copy(hpi, pluginDir.resolve(hpi.getFileName().toString().replace(".hpi", ".jpi")));
            }
        }
        Files.copy(Path.of(System.getProperty("statusqueue.hpi", "target/status-queue.hpi")),
                pluginDir.resolve("status-queue.jpi"));
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Process jenkins = new ProcessBuilder("java", "-Djenkins.install.runSetupWizard=false",
                "-DJENKINS_HOME=" + home, "-jar", war, "--httpPort=" + port, "--httpListenAddress=127.0.0.1")
                .redirectErrorStream(true).redirectOutput(home.resolve("jenkins.log").toFile()).start();
        try (ElasticMq mq = ElasticMq.start(); GheSimulator ghe = GheSimulator.start()) {
            String queueUrl = mq.createQueue("jenkins-e2e");
            ghe.repository("acme", "web");
            try (ApiGatewayEmulator api = ApiGatewayEmulator.start(mq, queueUrl, ApiGatewayEmulator.Stack.IMPROVED)) {
                String base = "http://127.0.0.1:" + port;
                HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
                waitUntilUp(http, base);
                script(http, base, configuration(api.apiUrl(), ghe.apiUrl()));
                for (int i = 0; i < 5; i++) {
                    mq.client().sendMessage(queueUrl, BuildkiteEvents.build().number(i + 1)
                            .commit(BuildkiteEvents.sha(i)).repo("git@127.0.0.1:acme/web.git").envelope());
                }
                long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
                while (ghe.statuses().size() < 5 && System.nanoTime() < deadline) {
                    Thread.sleep(500);
                }
                assertEquals(5, ghe.statuses().size(), "statuses posted by the plugin in Jenkins");
                HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(base + "/manage/status-queue/"))
                        .build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(200, page.statusCode());
                assertTrue(page.body().contains("buildkite/web"), "the status page lists the messages");
                JsonNode json = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base
                        + "/manage/status-queue/api/json")).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertEquals(5, json.path("totals").path("POSTED").asInt());
            }
        } finally {
            jenkins.destroy();
            jenkins.waitFor();
        }
    }

    /** Credentials and the Status Queue section, set the way an administrator's script or JCasC would. */
    private static String configuration(String apiUrl, String gheApiUrl) {
        return String.join("\n", List.of(
                "import com.cloudbees.plugins.credentials.*",
                "import com.cloudbees.plugins.credentials.domains.Domain",
                "import org.jenkinsci.plugins.plaincredentials.impl.StringCredentialsImpl",
                "import hudson.util.Secret",
                "def store = SystemCredentialsProvider.getInstance().getStore()",
                "store.addCredentials(Domain.global(), new StringCredentialsImpl(CredentialsScope.GLOBAL, 'api-key', '',"
                        + " Secret.fromString('" + ApiGatewayEmulator.API_KEY + "')))",
                "store.addCredentials(Domain.global(), new StringCredentialsImpl(CredentialsScope.GLOBAL, 'ghe-token', '',"
                        + " Secret.fromString('" + GheSimulator.DEFAULT_TOKEN + "')))",
                "def config = io.jenkins.plugins.statusqueue.plugin.settings.StatusQueueConfiguration.get()",
                "config.queue = new io.jenkins.plugins.statusqueue.plugin.settings.ApiGatewayEndpoint('" + apiUrl
                        + "', 'api-key')",
                "config.gitHub.apiUrl = '" + gheApiUrl + "'",
                "config.gitHub.credentialsId = 'ghe-token'",
                "config.limits.intervalSeconds = 1",
                "config.save()",
                "println 'configured'"));
    }

    private static void waitUntilUp(HttpClient http, String base) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/api/json")).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException starting) {
                // not listening yet
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("Jenkins did not start; see its log in the test's JENKINS_HOME");
    }

    private static void script(HttpClient http, String base, String groovy) throws Exception {
        JsonNode crumb = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(base + "/crumbIssuer/api/json"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(base + "/scriptText"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header(crumb.path("crumbRequestField").asText(), crumb.path("crumb").asText())
                .POST(HttpRequest.BodyPublishers.ofString("script=" + URLEncoder.encode(groovy, StandardCharsets.UTF_8)))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("configured"), response.body());
    }
}
