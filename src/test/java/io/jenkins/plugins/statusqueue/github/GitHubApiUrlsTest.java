package io.jenkins.plugins.statusqueue.github;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.FieldCheck.Level;
import org.junit.jupiter.api.Test;

class GitHubApiUrlsTest {

    @Test
    void acceptsGitHubEnterpriseAndGitHubCom() {
        for (String url : new String[] {"https://github.example.com/api/v3", "https://github.example.com/api/v3/",
                " https://GitHub.Example.com/api/v3 ", "https://github.example.com:8443/api/v3",
                "https://example.com/ghe/api/v3", "https://api.github.com", "https://api.github.com/",
                "https://api.acme.ghe.com", "http://127.0.0.1:8080/api/v3", "http://localhost/api/v3",
                "http://[::1]:9000/api/v3"}) {
            assertEquals(FieldCheck.ok(), GitHubApiUrls.check(url), url);
        }
    }

    @Test
    void suggestsTheApiPathForGitHubEnterprise() {
        FieldCheck check = GitHubApiUrls.check("https://github.example.com/");
        assertEquals(Level.WARNING, check.level());
        assertTrue(check.message().contains("https://github.example.com/api/v3"), check.message());
        assertEquals(Level.WARNING, GitHubApiUrls.check("https://api.github.com/api/v3").level());
    }

    @Test
    void refusesWhatCannotWork() {
        assertError("", "Enter the URL");
        assertError(null, "Enter the URL");
        assertError("github.example.com/api/v3", "Not an absolute URL");
        assertError("https://exa mple.com/api/v3", "Not a URL");
        assertError("ftp://github.example.com/api/v3", "Use an https URL");
        assertError("http://github.example.com/api/v3", "clear text");
        assertError("http://10.0.0.5/api/v3", "clear text");
        assertError("https://user:pass@github.example.com/api/v3", "credentials");
        assertError("https://github.example.com/api/v3?x=1", "query");
        assertError("https://github.com", "https://api.github.com");
    }

    private static void assertError(String url, String fragment) {
        FieldCheck check = GitHubApiUrls.check(url);
        assertEquals(Level.ERROR, check.level(), url);
        assertTrue(check.message().contains(fragment), url + ": " + check.message());
    }

    @Test
    void namesTheHostRepositoriesLiveOn() {
        assertEquals("github.com", GitHubApiUrls.host("https://api.github.com"));
        assertEquals("github.com", GitHubApiUrls.host("https://API.GitHub.com/"));
        assertEquals("acme.ghe.com", GitHubApiUrls.host("https://api.acme.ghe.com"));
        assertEquals("github.example.com", GitHubApiUrls.host("https://GitHub.Example.com:8443/api/v3"));
        assertEquals("127.0.0.1", GitHubApiUrls.host("http://127.0.0.1:8080/api/v3"));
        assertThrows(IllegalArgumentException.class, () -> GitHubApiUrls.host("not a url"));
        assertThrows(IllegalArgumentException.class, () -> GitHubApiUrls.host(null));
    }

    @Test
    void normalizesTrailingSlashes() {
        assertEquals("https://github.example.com/api/v3",
                GitHubApiUrls.normalize(" https://github.example.com/api/v3// "));
        assertNull(GitHubApiUrls.normalize(null));
    }
}
