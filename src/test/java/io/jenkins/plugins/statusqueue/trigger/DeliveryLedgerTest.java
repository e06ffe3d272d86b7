package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.sim.FaultyDisk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ids of messages that started builds, on a disk that fills up or fails mid-write. */
class DeliveryLedgerTest {

    @TempDir
    Path dir;

    private final FaultyDisk disk = new FaultyDisk();

    @Test
    void eachIdIsForcedToDiskAndAFullDiskLosesNone() throws IOException {
        Path file = dir.resolve("delivered.txt");
        DeliveryLedger ledger = DeliveryLedger.open(file, disk, 100);
        assertTrue(ledger.record("m1"));
        assertTrue(disk.forces() > 0, "forced before the message is deleted");
        disk.full(true);
        assertFalse(ledger.record("m2"));
        assertTrue(ledger.contains("m2"), "a redelivery still starts no second build while Jenkins runs");
        disk.full(false);
        assertTrue(ledger.record("m3"));
        assertEquals(List.of("m1", "m2", "m3"), Files.readAllLines(file), "rewritten from memory");
    }

    @Test
    void aPartialLastLineIsSkippedAndCutBack() throws IOException {
        Path file = dir.resolve("delivered.txt");
        Files.writeString(file, "m1\nm2-cut-by-a-cra");
        DeliveryLedger ledger = DeliveryLedger.open(file, disk, 100);
        assertTrue(ledger.contains("m1"));
        assertFalse(ledger.contains("m2-cut-by-a-cra"));
        assertTrue(ledger.record("m3"));
        assertEquals(List.of("m1", "m3"), Files.readAllLines(file));
    }
}
