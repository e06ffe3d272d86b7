package io.jenkins.plugins.statusqueue.github;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.jenkins.plugins.statusqueue.config.FieldCheck.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class GitHubApiUrlsTest {

    @ParameterizedTest
    @CsvSource({
        "https://ghe.example.com/api/v3, OK",
        "https://ghe.example.com/api/v3/, OK",
        "https://api.github.com, OK",
        "https://ghe.example.com, WARNING",
        "http://ghe.example.com/api/v3, ERROR",
        "http://127.0.0.1:8080/api/v3, OK",
        "http://localhost:8080/api/v3, OK",
        "ftp://ghe.example.com/api/v3, ERROR",
        "ghe.example.com/api/v3, ERROR",
        "'https://ghe example.com/api/v3', ERROR",
        "'  ', ERROR",
    })
    void checksTheApiUrl(String url, Level expected) {
        assertEquals(expected, GitHubApiUrls.check(url).level(), GitHubApiUrls.check(url).message());
    }

    @ParameterizedTest
    @CsvSource({
        "https://GHE.example.com/api/v3/, ghe.example.com",
        "https://api.github.com, github.com",
    })
    void namesTheHostWhoseRepositoriesGetStatuses(String url, String host) {
        assertEquals(host, GitHubApiUrls.host(url));
    }
}
