package io.jenkins.plugins.statusqueue.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.sim.FaultyDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostedStatusLedgerTest {

    private static final Instant T = Instant.parse("2024-05-01T10:00:00Z");

    @TempDir
    Path dir;

    private static StatusKey key(String context) {
        return new StatusKey("acme", "web", "ghe.example.com/acme/web", "abc", context);
    }

    private static EventVersion finished(long build, Instant at, String state) {
        return new EventVersion(build, at, 2, state);
    }

    @Test
    void ordersByBuildNumberThenTheEventsOwnTimeThenStage() {
        EventVersion failed = finished(43, T, "failed");
        EventVersion retriedAndPassed = finished(43, T.plusSeconds(300), "passed");
        assertTrue(retriedAndPassed.compareTo(failed) > 0, "a retry that finishes later is newer");
        assertTrue(finished(44, T.minusSeconds(999), "failed").compareTo(retriedAndPassed) > 0,
                "a higher build number is newer whatever its time");
        assertTrue(finished(43, T, "passed").compareTo(new EventVersion(43, T, 1, "blocked")) > 0,
                "at the same time, a later stage is newer");
        assertTrue(finished(43, null, "passed").compareTo(finished(43, T, "failed")) < 0,
                "an unknown time is older than any");
        assertEquals(0, finished(43, T.plusNanos(1), "failed").compareTo(finished(43, T, "failed")),
                "times count to the millisecond, as the journal keeps them");
    }

    @Test
    void aKeyIsLockedAloneAndForgottenOnceFree() throws Exception {
        PostedStatusLedger ledger = PostedStatusLedger.inMemory(10);
        CountDownLatch otherKeysLocked = new CountDownLatch(1);
        CountDownLatch sameKeyLocked = new CountDownLatch(1);
        PostedStatusLedger.KeyLock held = ledger.lock(key("held"));
        try {
            // A thousand other keys: were locks shared between keys, some would wait for the held one.
            Thread others = new Thread(() -> {
                for (int i = 0; i < 1000; i++) {
                    ledger.lock(key("other " + i)).close();
                }
                otherKeysLocked.countDown();
            });
            others.start();
            assertTrue(otherKeysLocked.await(5, TimeUnit.SECONDS), "other keys do not wait for a held one");
            Thread same = new Thread(() -> {
                ledger.lock(key("held")).close();
                sameKeyLocked.countDown();
            });
            same.start();
            assertFalse(sameKeyLocked.await(200, TimeUnit.MILLISECONDS), "the same key waits");
            assertEquals(1, ledger.lockedKeys());
        } finally {
            held.close();
        }
        assertTrue(sameKeyLocked.await(5, TimeUnit.SECONDS), "and goes on once it is free");
        for (int i = 0; i < 50 && ledger.lockedKeys() > 0; i++) {
            Thread.sleep(10);
        }
        assertEquals(0, ledger.lockedKeys(), "a free key holds no memory");
    }

    @Test
    void keepsTheNewestVersionPerKey() {
        PostedStatusLedger ledger = PostedStatusLedger.inMemory(10);
        ledger.recordPosted(key("k"), finished(42, T, "passed"));
        ledger.recordPosted(key("k"), finished(41, T.plusSeconds(60), "passed"));
        ledger.recordPosted(key("k"), new EventVersion(42, T.minusSeconds(60), 0, "started"));
        assertEquals(finished(42, T, "passed"), ledger.posted(key("k")));
    }

    @Test
    void keysOfOtherPipelinesAreApartEvenForTheSameContext() {
        PostedStatusLedger ledger = PostedStatusLedger.inMemory(10);
        ledger.recordPosted(key("shared"), finished(900, T, "passed"));
        assertNull(ledger.posted(new StatusKey("acme", "deploy", "ghe.example.com/acme/web", "abc", "shared")));
    }

    @Test
    void forgetsTheLeastRecentlyUsedKeysBeyondItsCapacity() {
        PostedStatusLedger ledger = PostedStatusLedger.inMemory(2);
        ledger.recordPosted(key("a"), finished(1, T, "passed"));
        ledger.recordPosted(key("b"), finished(1, T, "passed"));
        ledger.posted(key("a"));
        ledger.recordPosted(key("c"), finished(1, T, "passed"));
        assertNull(ledger.posted(key("b")));
        assertEquals(finished(1, T, "passed"), ledger.posted(key("a")));
    }

    @Test
    void survivesARestartThroughItsJournal() {
        Path journal = dir.resolve("ledger.journal");
        PostedStatusLedger ledger = PostedStatusLedger.open(journal, 100);
        StatusKey awkward = new StatusKey("ac\tme", "w\\eb", "ghe.example.com/acme/web", "abc",
                "ctx with\ttab\nand newline\\");
        ledger.recordPosted(awkward, finished(42, T, "passed"));
        ledger.recordPosted(key("other"), new EventVersion(7, null, 1, "blocked"));
        assertNull(PostedStatusLedger.open(journal, 100).posted(key("other")), "nothing is written before save");
        assertTrue(ledger.save());

        PostedStatusLedger reopened = PostedStatusLedger.open(journal, 100);
        assertEquals(finished(42, T, "passed"), reopened.posted(awkward));
        assertEquals(new EventVersion(7, null, 1, "blocked"), reopened.posted(key("other")));
    }

    @Test
    void readsAJournalOfTheFirstFormatForAnyPipelineOfThatStatus() throws IOException {
        Path journal = dir.resolve("ledger.journal");
        Files.writeString(journal, "43\t2\tghe.example.com/acme/web@abc#buildkite/web\n");
        PostedStatusLedger ledger = PostedStatusLedger.open(journal, 10);

        EventVersion old = ledger.posted(key("buildkite/web"));
        assertEquals(new EventVersion(43, null, 2, null), old);
        assertTrue(finished(42, T, "passed").compareTo(old) < 0, "an older build stays superseded");
        assertTrue(finished(43, T, "passed").compareTo(old) > 0,
                "a finish of the same build with a time wins: it may be the retry the old format hid");

        ledger.recordPosted(key("buildkite/web"), finished(43, T, "passed"));
        for (int i = 0; i < 30; i++) {
            ledger.recordPosted(key("c" + i), finished(1, T, "passed"));
            ledger.posted(key("buildkite/web"));
            ledger.save();
        }
        List<String> compacted = Files.readAllLines(journal);
        assertTrue(compacted.size() <= 20, "compacted: " + compacted);
        assertTrue(compacted.contains("43\t2\tghe.example.com/acme/web@abc#buildkite/web"), "the old entry stays");
        assertEquals(finished(43, T, "passed"), PostedStatusLedger.open(journal, 10).posted(key("buildkite/web")));
    }

    @Test
    void compactsTheJournalOnceItHoldsTwiceTheCapacity() throws IOException {
        Path journal = dir.resolve("ledger.journal");
        PostedStatusLedger ledger = PostedStatusLedger.open(journal, 3);
        for (int build = 1; build <= 20; build++) {
            ledger.recordPosted(key("k" + (build % 3)), finished(build, T, "passed"));
            ledger.save();
        }
        assertTrue(Files.readAllLines(journal).size() <= 6, "journal was not compacted");
        PostedStatusLedger reopened = PostedStatusLedger.open(journal, 3);
        assertEquals(finished(18, T, "passed"), reopened.posted(key("k0")));
        assertEquals(finished(19, T, "passed"), reopened.posted(key("k1")));
        assertEquals(finished(20, T, "passed"), reopened.posted(key("k2")));
    }

    @Test
    void skipsMalformedLinesInsteadOfLosingTheRest() throws IOException {
        Path journal = dir.resolve("ledger.journal");
        Files.writeString(journal, "garbage\nv2\t5\t-\t2\tpassed\tacme\tweb\tghe.example.com/acme/web\tabc\tgood\n"
                + "x\ty\tbad\nv2\t6\tsoon\t2\tpassed\tacme\tweb\tghe.example.com/acme/web\tabc\tbad\n");
        assertEquals(finished(5, null, "passed"), PostedStatusLedger.open(journal, 10).posted(key("good")));
        assertNull(PostedStatusLedger.open(journal, 10).posted(key("bad")));
    }

    @Test
    void saysWhenTheJournalCannotBeSaved() throws IOException {
        Path blocked = dir.resolve("not-a-directory");
        Files.writeString(blocked, "a file where the journal's directory should be");
        PostedStatusLedger ledger = PostedStatusLedger.open(blocked.resolve("ledger.journal"), 10);
        assertTrue(ledger.save(), "nothing to save");
        ledger.recordPosted(key("k"), finished(1, T, "passed"));
        assertTrue(!ledger.save(), "the post is not in the journal");
        ledger.recordPosted(key("k2"), finished(2, T, "passed"));
        assertTrue(!ledger.save());

        Files.delete(blocked);
        assertTrue(ledger.save(), "the directory can be made now");
        PostedStatusLedger reopened = PostedStatusLedger.open(blocked.resolve("ledger.journal"), 10);
        assertEquals(finished(1, T, "passed"), reopened.posted(key("k")), "a failed save loses nothing");
        assertEquals(finished(2, T, "passed"), reopened.posted(key("k2")));
    }

    @Test
    void aFullDiskLosesNothingAndSaysWhatWaitsForIt() throws IOException {
        FaultyDisk disk = new FaultyDisk();
        Path journal = dir.resolve("ledger.journal");
        PostedStatusLedger ledger = PostedStatusLedger.open(journal, disk, 10);
        ledger.recordPosted(key("saved"), finished(1, T, "passed"));
        assertTrue(ledger.save());
        assertTrue(disk.forces() > 0, "forced to the device before the deletes it covers");
        assertNull(ledger.writeProblem());

        disk.full(true);
        ledger.recordPosted(key("a"), finished(2, T, "passed"));
        ledger.recordPosted(key("b"), finished(3, T, "passed"));
        assertFalse(ledger.save());
        assertEquals("ledger.journal: " + FaultyDisk.NO_SPACE + " (2 posted statuses wait in memory)",
                ledger.writeProblem());
        assertEquals(finished(2, T, "passed"), ledger.posted(key("a")), "still ordering statuses meanwhile");

        disk.full(false);
        assertTrue(ledger.save());
        assertNull(ledger.writeProblem());
        PostedStatusLedger reopened = PostedStatusLedger.open(journal, 10);
        assertEquals(finished(1, T, "passed"), reopened.posted(key("saved")));
        assertEquals(finished(3, T, "passed"), reopened.posted(key("b")), "written once the disk took it");
    }

    @Test
    void aWriteCutMidLineIsSkippedAfterACrashAndCutBackBeforeTheNextAppend() throws IOException {
        FaultyDisk disk = new FaultyDisk();
        Path journal = dir.resolve("ledger.journal");
        PostedStatusLedger ledger = PostedStatusLedger.open(journal, disk, 10);
        ledger.recordPosted(key("whole"), finished(1, T, "passed"));
        assertTrue(ledger.save());
        disk.cutNextWrite();
        ledger.recordPosted(key("cut"), finished(2, T, "passed"));
        assertFalse(ledger.save());
        assertFalse(Files.readString(journal).endsWith("\n"), "a partial line, as a crash mid-write leaves");

        PostedStatusLedger afterCrash = PostedStatusLedger.open(journal, disk, 10);
        assertEquals(finished(1, T, "passed"), afterCrash.posted(key("whole")));
        assertNull(afterCrash.posted(key("cut")), "the partial line is skipped, not read as another entry");
        afterCrash.recordPosted(key("next"), finished(3, T, "passed"));
        assertTrue(afterCrash.save());
        List<String> lines = Files.readAllLines(journal);
        assertEquals(2, lines.size(), "cut back to the last whole line, then appended: " + lines);
        assertEquals(finished(3, T, "passed"), PostedStatusLedger.open(journal, 10).posted(key("next")));
    }

    @Test
    void recordsPostsWhileASaveWaitsForTheDisk() throws Exception {
        PostedStatusLedger ledger = PostedStatusLedger.open(dir.resolve("ledger.journal"), 10);
        ledger.recordPosted(key("k"), finished(1, T, "passed"));
        CountDownLatch recorded = new CountDownLatch(1);
        Thread saving = new Thread(ledger::save);
        synchronized (ledger.journalWriter()) { // a save under way, stuck on the device
            saving.start();
            Thread posting = new Thread(() -> {
                ledger.recordPosted(key("k2"), finished(2, T, "passed"));
                ledger.posted(key("k"));
                recorded.countDown();
            });
            posting.start();
            assertTrue(recorded.await(5, TimeUnit.SECONDS), "posts do not wait for the disk");
        }
        saving.join(5000);
        assertTrue(ledger.save());
        assertEquals(finished(2, T, "passed"), PostedStatusLedger.open(dir.resolve("ledger.journal"), 10)
                .posted(key("k2")));
    }
}
