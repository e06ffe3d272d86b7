package io.jenkins.plugins.statusqueue.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RepositoryUrlsTest {

    @ParameterizedTest
    @CsvSource({
        "git@ghe.example.com:acme/web.git, ghe.example.com, acme, web",
        "git@GHE.Example.com:acme/web, ghe.example.com, acme, web",
        "deploy@ghe.example.com:acme/web.git, ghe.example.com, acme, web",
        "ssh://git@ghe.example.com:7999/acme/web.git, ghe.example.com, acme, web",
        "ssh://ghe.example.com/acme/web, ghe.example.com, acme, web",
        "https://ghe.example.com/acme/web.git, ghe.example.com, acme, web",
        "https://ghe.example.com/acme/web, ghe.example.com, acme, web",
        "https://ghe.example.com/acme/web/, ghe.example.com, acme, web",
        "https://user@ghe.example.com:8443/acme/my.repo.git, ghe.example.com, acme, my.repo",
        "http://ghe.example.com/acme/web.git, ghe.example.com, acme, web",
        "git://ghe.example.com/acme/web.git, ghe.example.com, acme, web",
        "git@github.com:hub4j/github-api.git, github.com, hub4j, github-api",
    })
    void parsesEveryForm(String url, String host, String owner, String name) {
        assertEquals(new RepositoryRef(host, owner, name), RepositoryUrls.parse(url));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "not a url", "https://ghe.example.com/acme", "https://ghe.example.com/a/b/c",
        "git@ghe.example.com:acme", "ftp://ghe.example.com/acme/web", "https://ghe.example.com/acme/.git",
        "/local/path/acme/web"})
    void rejectsWhatIsNotOwnerAndName(String url) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RepositoryUrls.parse(url));
        assertEquals(true, e.getMessage().contains("repository URL"), e.getMessage());
    }
}
