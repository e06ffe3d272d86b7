package io.jenkins.plugins.statusqueue.history;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DrainHistoryTest {

    @TempDir
    Path dir;

    @Test
    void survivesARestart() {
        Path file = dir.resolve("history.json");
        DrainHistory history = DrainHistory.open(file);
        MessageRecord posted = message("m1", Outcome.POSTED, "201 Created");
        MessageRecord invalid = message("m2", Outcome.INVALID, "body is not JSON: <script>");
        PassRecord pass = pass(Instant.parse("2024-01-01T00:00:00Z"), null, Map.of(Outcome.POSTED, 1,
                Outcome.INVALID, 1));
        history.record(pass, List.of(posted, invalid));
        PassRecord failed = pass(Instant.parse("2024-01-01T00:00:10Z"), "queue: 403 Forbidden", Map.of());
        history.record(failed, List.of());

        HistorySnapshot reopened = DrainHistory.open(file).snapshot();

        assertEquals(List.of(failed, pass), reopened.passes());
        assertEquals(List.of(invalid, posted), reopened.messages());
        assertEquals(1, reopened.total(Outcome.POSTED));
        assertEquals(1, reopened.total(Outcome.INVALID));
        assertEquals(0, reopened.total(Outcome.RETRY));
        assertEquals(2, reopened.passCount());
    }

    @Test
    void staysBoundedAndKeepsTotals() {
        DrainHistory history = DrainHistory.open(dir.resolve("h.json"), 3, 5);
        for (int i = 0; i < 10; i++) {
            history.record(pass(Instant.ofEpochSecond(i), null, Map.of(Outcome.POSTED, 2)),
                    List.of(message("a" + i, Outcome.POSTED, "ok"), message("b" + i, Outcome.POSTED, "ok")));
        }
        HistorySnapshot snapshot = DrainHistory.open(dir.resolve("h.json"), 3, 5).snapshot();
        assertEquals(3, snapshot.passes().size());
        assertEquals(Instant.ofEpochSecond(9), snapshot.passes().get(0).started());
        assertEquals(5, snapshot.messages().size());
        assertEquals("b9", snapshot.messages().get(0).messageId());
        assertEquals(20, snapshot.total(Outcome.POSTED));
        assertEquals(10, snapshot.passCount());
    }

    @Test
    void anUnreadableFileIsMovedAsideNotLost() throws Exception {
        Path file = dir.resolve("history.json");
        Files.writeString(file, "{not json");

        DrainHistory history = DrainHistory.open(file);

        assertEquals(0, history.snapshot().passCount());
        assertEquals("{not json", Files.readString(dir.resolve("history.json.unreadable")));
        history.record(pass(Instant.EPOCH, null, Map.of(Outcome.POSTED, 1)), List.of(message("m", Outcome.POSTED,
                "201")));
        assertEquals(1, DrainHistory.open(file).snapshot().passCount());
    }

    @Test
    void passesThatFindTheQueueEmptyAreCountedButNeverWritten() throws Exception {
        Path file = dir.resolve("history.json");
        DrainHistory history = DrainHistory.open(file);
        PassRecord busy = pass(Instant.ofEpochSecond(1), null, Map.of(Outcome.POSTED, 1));
        history.record(busy, List.of(message("m1", Outcome.POSTED, "201")));
        byte[] saved = Files.readAllBytes(file);
        long modified = Files.getLastModifiedTime(file).toMillis();

        for (int i = 2; i <= 6; i++) {
            history.record(pass(Instant.ofEpochSecond(i), null, Map.of()), List.of());
        }

        assertEquals(modified, Files.getLastModifiedTime(file).toMillis());
        assertTrue(java.util.Arrays.equals(saved, Files.readAllBytes(file)));
        HistorySnapshot snapshot = history.snapshot();
        assertEquals(List.of(busy), snapshot.passes(), "idle passes do not push busy ones out");
        assertEquals(Instant.ofEpochSecond(6), snapshot.lastEmptyPass());
        assertEquals(5, snapshot.emptyPasses());

        PassRecord failedEmpty = pass(Instant.ofEpochSecond(7), "queue: 503", Map.of());
        history.record(failedEmpty, List.of());
        assertEquals(List.of(failedEmpty, busy), DrainHistory.open(file).snapshot().passes(), "failures are kept");
        assertEquals(0, history.snapshot().emptyPasses());
    }

    /** On disk at most twice the bound in message lines: appended per pass, rewritten with what is kept. */
    @Test
    void theMessagesFileStaysBounded() throws Exception {
        Path file = dir.resolve("history.json");
        Path messagesFile = dir.resolve("history-messages.jsonl");
        DrainHistory history = DrainHistory.open(file, 10, 20);
        long mostLines = 0;
        for (int i = 0; i < 100; i++) {
            history.record(pass(Instant.ofEpochSecond(i), null, Map.of(Outcome.POSTED, 3)), List.of(
                    message("a" + i, Outcome.POSTED, "ok"), message("b" + i, Outcome.POSTED, "ok"),
                    message("c" + i, Outcome.POSTED, "ok")));
            mostLines = Math.max(mostLines, Files.readAllLines(messagesFile).size());
        }
        assertTrue(mostLines <= 40, "lines on disk: " + mostLines);
        HistorySnapshot reopened = DrainHistory.open(file, 10, 20).snapshot();
        assertEquals(20, reopened.messages().size());
        assertEquals("c99", reopened.messages().get(0).messageId());
        assertTrue(Files.size(file) < 10_000, "the main file holds no messages: " + Files.size(file));
    }

    @Test
    void dropsMessagesOlderThanAWeekBeforeTheNewestPass() {
        DrainHistory history = DrainHistory.open(null);
        Instant start = Instant.parse("2026-11-01T00:00:00Z");
        history.record(pass(start, null, Map.of(Outcome.POSTED, 1)), List.of(new MessageRecord(start, "old", null,
                null, null, null, null, Outcome.POSTED, null, null, 1, 1)));
        Instant later = start.plus(Duration.ofDays(7)).plusSeconds(1);
        history.record(pass(later, null, Map.of(Outcome.POSTED, 1)), List.of(new MessageRecord(later, "new", null,
                null, null, null, null, Outcome.POSTED, null, null, 1, 1)));
        assertEquals(List.of("new"), history.snapshot().messages().stream().map(MessageRecord::messageId).toList());
        assertEquals(2, history.snapshot().total(Outcome.POSTED), "totals keep counting");
    }

    /** A history written before the messages had their own file loads, and moves them there with the next pass. */
    @Test
    void readsTheFormerSingleFileFormat() throws Exception {
        Path file = dir.resolve("history.json");
        Files.writeString(file, "{\"format\":1,\"passCount\":1,\"totals\":{\"POSTED\":1},\"passes\":[{\"started\":0,"
                + "\"millis\":5,\"received\":1,\"outcomes\":{\"POSTED\":1},\"deleted\":1,\"error\":null}],"
                + "\"messages\":[{\"time\":0,\"messageId\":\"kept\",\"outcome\":\"POSTED\",\"receiveCount\":1,"
                + "\"millis\":2}]}");
        DrainHistory history = DrainHistory.open(file);
        assertEquals("kept", history.snapshot().messages().get(0).messageId());
        history.record(pass(Instant.ofEpochSecond(1), null, Map.of(Outcome.POSTED, 1)), List.of(message("next",
                Outcome.POSTED, "201")));
        assertEquals(List.of("next", "kept"), DrainHistory.open(file).snapshot().messages().stream()
                .map(MessageRecord::messageId).toList());
    }

    @Test
    void summarySaysWhenAPassLastSucceeded() {
        DrainHistory history = DrainHistory.open(null);
        history.record(pass(Instant.ofEpochSecond(10), null, Map.of(Outcome.POSTED, 1)), List.of(message("m",
                Outcome.POSTED, "201")));
        history.record(pass(Instant.ofEpochSecond(20), "queue: 503", Map.of()), List.of());
        HistorySummary summary = history.summary();
        assertEquals(Instant.ofEpochSecond(10).plusMillis(1234), summary.lastSuccess());
        assertEquals("queue: 503", summary.lastPass().error());
        history.record(pass(Instant.ofEpochSecond(30), null, Map.of()), List.of());
        assertEquals(Instant.ofEpochSecond(30), history.summary().lastSuccess(), "an empty pass succeeded too");
    }

    @Test
    void capsLongReasons() {
        String reason = "x".repeat(5000);
        assertEquals(MessageRecord.MAX_REASON, message("m", Outcome.REJECTED, reason).reason().length());
    }

    @Test
    void worksWithoutAFile() {
        DrainHistory history = DrainHistory.open(null);
        history.record(pass(Instant.EPOCH, null, Map.of()), List.of(message("x", Outcome.SKIPPED, "other host")));
        assertEquals(1, history.snapshot().total(Outcome.SKIPPED));
        assertTrue(history.snapshot().passes().get(0).outcomes().isEmpty());
    }

    private static PassRecord pass(Instant started, String error, Map<Outcome, Integer> outcomes) {
        return new PassRecord(started, Duration.ofMillis(1234), outcomes.values().stream().mapToInt(i -> i).sum(),
                outcomes, 1, error);
    }

    private static MessageRecord message(String id, Outcome outcome, String reason) {
        return new MessageRecord(Instant.parse("2024-01-01T00:00:01Z"), id, "ghe.example.com/acme/web",
                "0123456789abcdef0123456789abcdef01234567", "buildkite/web", "passed", "success", outcome, reason,
                "https://buildkite.com/acme/web/builds/42", 1, 55);
    }
}
