package io.jenkins.plugins.statusqueue.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.http.Http1Client;
import io.jenkins.plugins.statusqueue.sim.GheSimulator;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.kohsuke.github.connector.GitHubConnectorRequest;

class UserProbeConnectorTest {

    private final GheSimulator ghe = GheSimulator.start();
    private final Http1Client http = new Http1Client(Duration.ofSeconds(2), 1 << 20);

    @AfterEach
    void stop() {
        http.close();
        ghe.close();
    }

    private static GitHubConnectorRequest request(String method, String url) {
        return new GitHubConnectorRequest() {
            @Override
            public String method() {
                return method;
            }

            @Override
            public Map<String, List<String>> allHeaders() {
                return Map.of("Authorization", List.of("token " + GheSimulator.DEFAULT_TOKEN));
            }

            @Override
            public String header(String name) {
                return null;
            }

            @Override
            public String contentType() {
                return null;
            }

            @Override
            public InputStream body() {
                return null;
            }

            @Override
            public URL url() {
                try {
                    return new URL(url);
                } catch (java.net.MalformedURLException e) {
                    throw new IllegalArgumentException(e);
                }
            }

            @Override
            public boolean hasBody() {
                return false;
            }
        };
    }

    @Test
    void readsTheUserAndSendsTheTokenNowhereElse() throws Exception {
        UserProbeConnector connector = new UserProbeConnector(http, Duration.ofSeconds(5), ghe.apiUrl(), "agent");
        assertEquals(200, connector.send(request("GET", ghe.apiUrl() + "/user")).statusCode());
        for (GitHubConnectorRequest elsewhere : List.of(request("GET", ghe.apiUrl() + "/user/repos"),
                request("POST", ghe.apiUrl() + "/user"), request("GET", "http://attacker.example/api/v3/user"),
                request("GET", ghe.apiUrl() + "/user?redirect=1"))) {
            IOException e = assertThrows(IOException.class, () -> connector.send(elsewhere));
            assertTrue(e.getMessage().startsWith("refused to send the token to"), e.getMessage());
        }
        assertEquals(1, ghe.requests().size(), "only the user was read: " + ghe.requests());
    }
}
