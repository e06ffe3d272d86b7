package io.jenkins.plugins.statusqueue.github;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JdkHttpConnectorTest {

    private static final String API = "https://ghe.example.com/api/v3";
    private final JdkHttpConnector connector = new JdkHttpConnector(JdkHttpConnector.newClient(Duration.ofSeconds(1)),
            Duration.ofSeconds(1), API);

    @ParameterizedTest
    @ValueSource(strings = {"/repos/acme/web", "/repos/acme/web/statuses/0123456789abcdef0123456789abcdef01234567",
        "/repos/Acme-2/my.repo_x?per_page=1"})
    void sendsTheTokenBelowARepository(String path) {
        assertDoesNotThrow(() -> connector.checkDestination(API + path));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/user", "/", "/repos/acme", "/repos/acme/", "/repos/-acme/web", "/repos/acme/..",
        "/repos/acme/web/../../user", "/repos/acme/web/./x", "/repos/acme/web/%2e%2e/x", "/repos/ac%2fme/web",
        "/repos/acme/web/statuses/a b"})
    void refusesEveryOtherPath(String path) {
        IOException refused = assertThrows(IOException.class, () -> connector.checkDestination(API + path));
        assertTrue(refused.getMessage().startsWith("refused to send the token"), refused.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example.com/api/v3/repos/acme/web", "http://ghe.example.com/api/v3/repos/a/b",
        "https://ghe.example.com/api/v3x/repos/acme/web", "https://ghe.example.com.evil.example/api/v3/repos/a/b"})
    void refusesOtherServers(String url) {
        assertThrows(IOException.class, () -> connector.checkDestination(url));
    }
}
