package io.jenkins.plugins.statusqueue.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.sim.FaultyDisk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Journals and replaced files on a disk that fills up or fails mid-write. */
class LineJournalTest {

    @TempDir
    Path dir;

    private final FaultyDisk disk = new FaultyDisk();

    @Test
    void replaySkipsAPartialLastLineAndUnreadableLinesAndSaysHowMany() throws IOException {
        Path file = dir.resolve("j");
        Files.writeString(file, "one\nbad\ntwo\nhalf a li");
        List<String> read = new ArrayList<>();
        LineJournal.Replay replay = LineJournal.open(file, disk, line -> read.add(line) && !line.equals("bad"));
        assertEquals(List.of("one", "bad", "two"), read, "the partial line is never given to the reader");
        assertEquals(3, replay.lines());
        assertEquals(2, replay.skipped());

        replay.journal().append("three\n", 1);
        assertEquals("one\nbad\ntwo\nthree\n", Files.readString(file), "cut back before the append");
        assertEquals(4, replay.journal().lines());
    }

    @Test
    void anAppendThatFailsMidLineIsCutBackBeforeTheNext() throws IOException {
        Path file = dir.resolve("j");
        LineJournal journal = LineJournal.open(file, disk, line -> true).journal();
        journal.append("first\n", 1);
        disk.cutNextWrite();
        assertThrows(IOException.class, () -> journal.append("second line\n", 1));
        assertFalse(Files.readString(file).endsWith("\n"));
        journal.append("third\n", 1);
        assertEquals("first\nthird\n", Files.readString(file));
        assertEquals(2, journal.lines());
    }

    @Test
    void appendsAreForcedAndAFullDiskWritesNothing() throws IOException {
        Path file = dir.resolve("j");
        LineJournal journal = LineJournal.open(file, disk, line -> true).journal();
        journal.append("a\n", 1);
        int forced = disk.forces();
        assertTrue(forced > 0);
        disk.full(true);
        IOException full = assertThrows(IOException.class, () -> journal.append("b\n", 1));
        assertEquals(FaultyDisk.NO_SPACE, full.getMessage());
        disk.full(false);
        journal.append("c\n", 1);
        assertEquals("a\nc\n", Files.readString(file));
        assertTrue(disk.forces() > forced);
    }

    @Test
    void aReplacedFileIsWholeOldOrWholeNew() throws IOException {
        Path file = dir.resolve("sub/history.json");
        DurableFiles.replace(disk, file, "old".getBytes(StandardCharsets.UTF_8));
        disk.full(true);
        assertThrows(IOException.class, () -> DurableFiles.replace(disk, file, "new".getBytes(StandardCharsets.UTF_8)));
        assertEquals("old", Files.readString(file));
        disk.full(false);
        disk.cutNextWrite();
        assertThrows(IOException.class, () -> DurableFiles.replace(disk, file, "newer".getBytes(StandardCharsets.UTF_8)));
        assertEquals("old", Files.readString(file), "a cut write never reaches the file");
        DurableFiles.replace(disk, file, "new".getBytes(StandardCharsets.UTF_8));
        assertArrayEquals("new".getBytes(StandardCharsets.UTF_8), Files.readAllBytes(file));
        assertEquals(List.of("history.json"), Files.list(file.getParent()).map(p -> p.getFileName().toString())
                .toList(), "no temporary file left behind");
    }

    @Test
    void rewriteReplacesTheJournalAndAppendsFollowIt() throws IOException {
        Path file = dir.resolve("j");
        LineJournal journal = LineJournal.open(file, disk, line -> true).journal();
        journal.append("a\nb\nc\n", 3);
        journal.rewrite("c\n", 1);
        journal.append("d\n", 1);
        assertEquals("c\nd\n", Files.readString(file));
        assertEquals(2, journal.lines());
    }
}
