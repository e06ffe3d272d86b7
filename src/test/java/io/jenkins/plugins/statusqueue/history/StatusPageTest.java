package io.jenkins.plugins.statusqueue.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StatusPageTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";

    private static MessageRecord message(String repository, String sha, String reason, String buildUrl) {
        return new MessageRecord(Instant.EPOCH, "m", repository, sha, "buildkite/web", "passed", "success",
                Outcome.POSTED, reason, buildUrl, 1, 5);
    }

    private static PassRecord pass(int received, String error) {
        return new PassRecord(Instant.EPOCH, Duration.ofMillis(300), received, Map.of(Outcome.POSTED, received), received,
                error);
    }

    @Test
    void linksOnlyPlainRepositoryNamesAndFullShas() {
        assertEquals("https://ghe.example.com/acme/web/commit/" + SHA,
                StatusPage.commitUrl(message("ghe.example.com/acme/web", SHA, null, null)));
        assertNull(StatusPage.commitUrl(message("ghe.example.com/acme/web\"onmouseover=x", SHA, null, null)));
        assertNull(StatusPage.commitUrl(message("javascript:alert(1)//x/y", SHA, null, null)));
        assertNull(StatusPage.commitUrl(message("ghe.example.com/acme/web", "HEAD", null, null)));
        assertNull(StatusPage.commitUrl(message(null, null, null, null)));
        assertEquals("0123456", StatusPage.shortSha(SHA));
        assertNull(StatusPage.buildUrl(message(null, null, null, "javascript:alert(1)")));
        assertEquals("https://buildkite.com/acme/web/builds/1",
                StatusPage.buildUrl(message(null, null, null, "https://buildkite.com/acme/web/builds/1")));
    }

    @Test
    void jsonCarriesHostileTextAsData() throws Exception {
        MessageRecord hostile = message("ghe.example.com/acme/web", SHA, "<script>alert('x')</script>", null);
        StatusPage page = new StatusPage(true, null, null, null, new HistorySnapshot(List.of(pass(1, "queue: 403")),
                List.of(hostile), Map.of(Outcome.POSTED, 1L), 1, null, 0));
        JsonNode json = new ObjectMapper().readTree(page.toJson());
        assertEquals("<script>alert('x')</script>", json.path("messages").get(0).path("reason").asText());
        assertEquals(1, json.path("totals").path("POSTED").asInt());
        assertEquals("queue: 403", json.path("passes").get(0).path("error").asText());
    }

    @Test
    void chartsMessagesPerPassOldestFirstScaledToTheLargest() {
        StatusPage page = new StatusPage(true, null, null, null, new HistorySnapshot(
                List.of(pass(10, null), pass(0, null), pass(5, "boom")), List.of(), Map.of(), 3, null, 0));
        List<StatusPage.Bar> bars = page.chart();
        assertEquals(3, bars.size());
        assertEquals(5, bars.get(0).received());
        assertTrue(bars.get(0).failed());
        assertEquals(StatusPage.CHART_HEIGHT / 2, bars.get(0).height());
        assertEquals(0, bars.get(1).height());
        assertEquals(StatusPage.CHART_HEIGHT, bars.get(2).height());
        assertEquals(0, bars.get(2).y());
        assertTrue(bars.get(1).x() > bars.get(0).x());
        assertEquals(10, page.chartMax());
    }

    @Test
    void formatsDurations() {
        assertEquals("850 ms", StatusPage.duration(Duration.ofMillis(850)));
        assertEquals("1.5 s", StatusPage.duration(Duration.ofMillis(1500)));
        assertEquals("2m 05s", StatusPage.duration(Duration.ofSeconds(125)));
    }
}
