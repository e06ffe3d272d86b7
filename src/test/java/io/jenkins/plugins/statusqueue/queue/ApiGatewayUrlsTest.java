package io.jenkins.plugins.statusqueue.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.FieldCheck.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class ApiGatewayUrlsTest {

    @ParameterizedTest
    @CsvSource({
        "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod, OK",
        "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/, OK",
        "https://queue.example.com, OK",
        "https://queue.example.com/status, OK",
        "http://127.0.0.1:8080/prod, OK",
        "http://localhost:8080/prod, OK",
        "http://[::1]:8080/prod, OK",
        "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/message, WARNING",
        "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod/message/, WARNING",
        "https://abc123defg.execute-api.eu-west-1.amazonaws.com, WARNING",
        "http://abc123defg.execute-api.eu-west-1.amazonaws.com/prod, ERROR",
        "http://10.0.0.5/prod, ERROR",
        "ftp://example.com/prod, ERROR",
        "https://abc.execute-api.eu-west-1.amazonaws.com/prod?x=1, ERROR",
        "not a url, ERROR",
        "/prod, ERROR",
        "'', ERROR",
    })
    void judgesStageUrls(String url, Level expected) {
        FieldCheck check = ApiGatewayUrls.check(url);
        assertEquals(expected, check.level(), check.message());
    }

    @Test
    void suggestsTheUrlWithoutTheResource() {
        FieldCheck check = ApiGatewayUrls.check("https://abc.execute-api.eu-west-1.amazonaws.com/prod/message");
        assertTrue(check.message().contains("https://abc.execute-api.eu-west-1.amazonaws.com/prod ?"),
                check.message());
        assertEquals(Level.ERROR, ApiGatewayUrls.check(null).level());
    }
}
