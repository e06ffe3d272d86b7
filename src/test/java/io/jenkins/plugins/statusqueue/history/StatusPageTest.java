package io.jenkins.plugins.statusqueue.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The page model: search, paging, bounds, times and who reads which error text. */
class StatusPageTest {

    private static final String SHA = "0123456789abcdef0123456789abcdef01234567";
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final String RAW_ERROR = "Cannot receive from SQS queue https://sqs.eu-west-1.amazonaws.com/"
            + "123456789012/builds: AccessDenied: User arn:aws:iam::123456789012:user/jenkins is not authorized";

    private static MessageRecord message(String repository, String sha, String reason, String buildUrl) {
        return new MessageRecord(Instant.EPOCH, "m", repository, sha, "buildkite/web", "passed", "success",
                Outcome.POSTED, reason, buildUrl, 1, 5);
    }

    private static PassRecord pass(Instant started, int received, String error) {
        return new PassRecord(started, Duration.ofMillis(300), received, Map.of(Outcome.POSTED, received), received,
                error);
    }

    private static StatusPage.Request request(String sha, int messagesFrom, int limit, boolean detailed) {
        return new StatusPage.Request(null, sha, null, null, null, messagesFrom, 0, limit, detailed, ZoneId.of("UTC"));
    }

    private static StatusPage page(DrainHistory history, StatusPage.Request request) {
        return StatusPage.of(history, new StatusPage.State(true, null, null, null, NOW), request);
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
        assertEquals(1L, StatusPage.buildNumber(message(null, null, null, "https://buildkite.com/acme/web/builds/1")));
        assertEquals("#1", StatusPage.buildLabel(message(null, null, null, "https://buildkite.com/acme/web/builds/1")));
        assertEquals("Buildkite", StatusPage.buildLabel(message(null, null, null, "https://buildkite.com/acme/web")));
    }

    @Test
    void jsonCarriesHostileTextAsData() throws Exception {
        DrainHistory history = DrainHistory.open(null);
        history.record(pass(Instant.EPOCH, 1, "queue: 403"), List.of(message("ghe.example.com/acme/web", SHA,
                "<script>alert('x')</script>", null)));
        JsonNode json = new ObjectMapper().readTree(page(history, request(null, 0, 100, true)).toJson());
        assertEquals("<script>alert('x')</script>", json.path("messages").get(0).path("reason").asText());
        assertEquals(1, json.path("totals").path("POSTED").asInt());
        assertEquals("queue: 403", json.path("passes").get(0).path("error").asText());
        assertEquals("QUEUE", json.path("passes").get(0).path("errorCategory").asText());
    }

    /** A history far larger than a page: each page holds at most the limit, and paging walks it all once. */
    @Test
    void pagesABigHistoryWithBoundedWeight() throws Exception {
        DrainHistory history = DrainHistory.open(null);
        for (int pass = 0; pass < 300; pass++) {
            List<MessageRecord> messages = new ArrayList<>();
            for (int i = 0; i < 10; i++) {
                messages.add(new MessageRecord(NOW.minusSeconds(3000 - pass * 10L), "m" + pass + "-" + i,
                        "ghe.example.com/acme/web" + (i % 3), SHA, "buildkite/web", "passed", "success",
                        Outcome.POSTED, "201", "https://buildkite.com/acme/web/builds/" + pass, 1, 5));
            }
            history.record(pass(NOW.minusSeconds(3000 - pass * 10L), 10, null), messages);
        }
        StatusPage first = page(history, request(null, 0, StatusPage.PAGE_SIZE, true));
        assertEquals(StatusPage.PAGE_SIZE, first.messages().items().size());
        assertEquals(3000, first.messages().total());
        assertEquals(StatusPage.PAGE_SIZE, first.passes().items().size());
        assertEquals(300, first.passes().total());
        assertEquals("m299-9", first.messages().items().get(0).messageId(), "newest first");
        assertFalse(first.messages().hasPrevious());
        assertTrue(first.messages().hasNext());
        List<String> seen = new ArrayList<>();
        for (int from = 0; from < 3000; from += StatusPage.PAGE_SIZE) {
            page(history, request(null, from, StatusPage.PAGE_SIZE, true)).messages().items()
                    .forEach(m -> seen.add(m.messageId()));
        }
        assertEquals(3000, seen.size());
        assertEquals(3000, seen.stream().distinct().count());
        StatusPage json = page(history, request(null, 0, 1_000_000, true));
        assertEquals(StatusPage.MAX_JSON_LIMIT, json.messages().items().size(), "the JSON limit is capped");
        assertTrue(json.toJson().length() < 1_000_000, "one JSON page stays under a megabyte");
    }

    @Test
    void searchesAndKeepsTheSearchInPagingLinks() throws Exception {
        DrainHistory history = DrainHistory.open(null);
        history.record(pass(NOW, 2, null), List.of(
                new MessageRecord(NOW, "a", "ghe.example.com/acme/web", SHA, "buildkite/web", "passed", "success",
                        Outcome.POSTED, "201", "https://buildkite.com/acme/web/builds/42", 1, 5),
                new MessageRecord(NOW, "b", "ghe.example.com/acme/api", "f" + SHA.substring(1), "buildkite/api",
                        "failed", "failure", Outcome.REJECTED, "422", "https://buildkite.com/acme/api/builds/7", 1, 5)));
        StatusPage found = page(history, request(SHA.substring(0, 7).toUpperCase(), 0, 50, true));
        assertEquals(List.of("a"), found.messages().items().stream().map(MessageRecord::messageId).toList());
        assertEquals("?sha=0123456&messagesFrom=50&passesFrom=0", found.messagesLink(50));
        StatusPage tooShort = page(history, request("012345", 0, 50, true));
        assertTrue(tooShort.searchError().contains("7"));
        assertEquals(0, tooShort.messages().total());
        JsonNode json = new ObjectMapper().readTree(StatusPage.of(history, new StatusPage.State(true, null, null,
                null, NOW), new StatusPage.Request(null, null, null, "#7", "rejected", 0, 0, 100, false,
                ZoneId.of("UTC"))).toJson());
        assertEquals(1, json.path("messagesTotal").asInt());
        assertEquals(7, json.path("messages").get(0).path("build").asInt());
    }

    /** Overall/Manage sees what kind of error and when; the text with ARNs, accounts and URLs needs Administer. */
    @Test
    void rawErrorTextsOnlyForAdministrators() throws Exception {
        DrainHistory history = DrainHistory.open(null);
        history.record(pass(NOW, 1, RAW_ERROR), List.of(new MessageRecord(NOW, "r", "ghe.example.com/acme/web",
                SHA, "buildkite/web", "passed", "success", Outcome.RETRY, RAW_ERROR, null, 1, 5)));
        StatusPage managers = StatusPage.of(history, new StatusPage.State(true, RAW_ERROR, null, null, NOW),
                request(null, 0, 50, false));
        String json = managers.toJson();
        assertFalse(json.contains("123456789012"), json);
        assertFalse(json.contains("sqs.eu-west-1"), json);
        assertEquals("Queue error", managers.errorText(RAW_ERROR));
        assertEquals("Queue error", managers.reason(managers.messages().items().get(0)));
        JsonNode tree = new ObjectMapper().readTree(json);
        assertEquals("QUEUE", tree.path("passes").get(0).path("errorCategory").asText());
        assertEquals(NOW.toEpochMilli(), tree.path("passes").get(0).path("started").asLong(), "the time stays");

        StatusPage administrators = StatusPage.of(history, new StatusPage.State(true, RAW_ERROR, null, null, NOW),
                request(null, 0, 50, true));
        assertTrue(administrators.toJson().contains("arn:aws:iam::123456789012:user/jenkins"));
        assertEquals(RAW_ERROR, administrators.errorText(RAW_ERROR));
    }

    @Test
    void formatsTimesForTheViewer() {
        DrainHistory history = DrainHistory.open(null);
        StatusPage page = page(history, request(null, 0, 50, true));
        assertEquals("3 min ago", page.ago(NOW.minusSeconds(185)));
        assertEquals(java.util.Date.from(NOW), page.date(NOW), "i:formatDate formats it in the viewer's zone");
        assertEquals("1 min 5 sec", page.words(Duration.ofSeconds(65)));
        assertTrue(page.bound().contains("10,000 messages of the last 7 days"), page.bound());
    }

    @Test
    void chartsTheLastDayByHourAndTheWeekByDay() throws Exception {
        DrainHistory history = DrainHistory.open(null);
        history.record(pass(NOW.minusSeconds(60), 2, null), List.of(
                new MessageRecord(NOW.minusSeconds(60), "a", null, null, null, null, null, Outcome.POSTED, null, null,
                        1, 1),
                new MessageRecord(NOW.minus(Duration.ofDays(3)), "b", null, null, null, null, null, Outcome.RETRY,
                        null, null, 1, 1)));
        StatusPage page = page(history, request(null, 0, 50, true));
        JsonNode day = new ObjectMapper().readTree(page.chart("DAY"));
        assertEquals(24, day.path("labels").size());
        assertEquals("10:00", day.path("labels").get(23).asText(), "the hour under way is the last");
        JsonNode week = new ObjectMapper().readTree(page.chart("WEEK"));
        assertEquals(7, week.path("labels").size());
        assertEquals("Dec 2", week.path("labels").get(6).asText());
        assertEquals(Outcome.values().length, week.path("series").size());
        assertEquals(1, week.path("series").get(Outcome.RETRY.ordinal()).path("data").get(3).asInt());
        assertEquals(1, week.path("series").get(Outcome.POSTED.ordinal()).path("data").get(6).asInt());
    }
}
