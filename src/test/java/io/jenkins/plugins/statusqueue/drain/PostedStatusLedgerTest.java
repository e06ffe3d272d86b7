package io.jenkins.plugins.statusqueue.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.drain.PostedStatusLedger.Version;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PostedStatusLedgerTest {

    @TempDir
    Path dir;

    @Test
    void keepsTheNewestVersionPerKey() {
        PostedStatusLedger ledger = PostedStatusLedger.inMemory(10);
        ledger.recordPosted("k", new Version(42, 2));
        ledger.recordPosted("k", new Version(41, 2));
        ledger.recordPosted("k", new Version(42, 0));
        assertEquals(new Version(42, 2), ledger.posted("k"));
    }

    @Test
    void forgetsTheLeastRecentlyUsedKeysBeyondItsCapacity() {
        PostedStatusLedger ledger = PostedStatusLedger.inMemory(2);
        ledger.recordPosted("a", new Version(1, 2));
        ledger.recordPosted("b", new Version(1, 2));
        ledger.posted("a");
        ledger.recordPosted("c", new Version(1, 2));
        assertNull(ledger.posted("b"));
        assertEquals(new Version(1, 2), ledger.posted("a"));
    }

    @Test
    void survivesARestartThroughItsJournal() {
        Path journal = dir.resolve("ledger.journal");
        PostedStatusLedger ledger = PostedStatusLedger.open(journal, 100);
        String awkwardKey = "ghe.example.com/acme/web@abc#ctx with\ttab\nand newline\\";
        ledger.recordPosted(awkwardKey, new Version(42, 2));
        ledger.recordPosted("other", new Version(7, 1));
        assertNull(PostedStatusLedger.open(journal, 100).posted("other"), "nothing is written before save");
        ledger.save();

        PostedStatusLedger reopened = PostedStatusLedger.open(journal, 100);
        assertEquals(new Version(42, 2), reopened.posted(awkwardKey));
        assertEquals(new Version(7, 1), reopened.posted("other"));
    }

    @Test
    void compactsTheJournalOnceItHoldsTwiceTheCapacity() throws IOException {
        Path journal = dir.resolve("ledger.journal");
        PostedStatusLedger ledger = PostedStatusLedger.open(journal, 3);
        for (int build = 1; build <= 20; build++) {
            ledger.recordPosted("k" + (build % 3), new Version(build, 2));
            ledger.save();
        }
        assertTrue(Files.readAllLines(journal).size() <= 6, "journal was not compacted");
        PostedStatusLedger reopened = PostedStatusLedger.open(journal, 3);
        assertEquals(new Version(18, 2), reopened.posted("k0"));
        assertEquals(new Version(19, 2), reopened.posted("k1"));
        assertEquals(new Version(20, 2), reopened.posted("k2"));
    }

    @Test
    void skipsMalformedLinesInsteadOfLosingTheRest() throws IOException {
        Path journal = dir.resolve("ledger.journal");
        Files.writeString(journal, "garbage\n5\t2\tgood\nx\ty\tbad\n");
        assertEquals(new Version(5, 2), PostedStatusLedger.open(journal, 10).posted("good"));
        assertNull(PostedStatusLedger.open(journal, 10).posted("bad"));
    }
}
