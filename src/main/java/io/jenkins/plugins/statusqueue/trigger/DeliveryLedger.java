package io.jenkins.plugins.statusqueue.trigger;

import io.jenkins.plugins.statusqueue.store.Disk;
import io.jenkins.plugins.statusqueue.store.LineJournal;
import io.jenkins.plugins.statusqueue.store.WriteState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The message ids that already started a build, so that a redelivered message (its delete failed, or Jenkins
 * stopped between scheduling and deleting) never starts a second one. Kept in a file, one id a line, appended and
 * forced to disk as builds are scheduled, before their messages are deleted, and rewritten compactly once it holds
 * twice the capacity; the oldest ids are forgotten beyond the capacity, long after SQS stopped redelivering them.
 * While the file cannot be written the ids are kept in memory, which still stops a second build until Jenkins
 * restarts, and the next write that succeeds rewrites the file from them.
 */
public final class DeliveryLedger {

    private final int capacity;
    private final Set<String> ids = new LinkedHashSet<>();
    /** The file, or {@code null} in memory only. */
    private LineJournal journal;
    private final WriteState writeState;
    /** Set when a write failed: the next one rewrites the file from the ids in memory. */
    private boolean rewriteNeeded;

    private DeliveryLedger(Path file, Disk disk, int capacity) {
        this.capacity = capacity;
        this.writeState = new WriteState("the delivered-message ledger " + file, "triggered builds still start once "
                + "each until Jenkins restarts");
    }

    /** The ledger kept in {@code file}; {@code null} keeps it in memory only. */
    public static DeliveryLedger open(Path file, int capacity) {
        return open(file, Disk.LOCAL, capacity);
    }

    static DeliveryLedger open(Path file, Disk disk, int capacity) {
        DeliveryLedger ledger = new DeliveryLedger(file, disk, capacity);
        if (file == null) {
            return ledger;
        }
        LineJournal.Replay replay = LineJournal.replay(file, disk, id -> {
            if (!id.isBlank()) {
                ledger.remember(id);
            }
            return true;
        }, "the delivered-message ledger");
        ledger.journal = replay.journal();
        ledger.rewriteNeeded = replay.unreadable();
        return ledger;
    }

    public synchronized boolean contains(String messageId) {
        return ids.contains(messageId);
    }

    /**
     * Records a message whose build was scheduled, forced to disk before the message is deleted.
     *
     * @return whether it is on disk: if not, only this Jenkins remembers it until it restarts
     */
    public synchronized boolean record(String messageId) {
        remember(messageId);
        if (journal == null) {
            return true;
        }
        try {
            if (rewriteNeeded || journal.lines() + 1 > 2 * capacity) {
                journal.rewrite(String.join("\n", ids) + "\n", ids.size());
                rewriteNeeded = false;
            } else {
                journal.append(messageId + "\n", 1);
            }
        } catch (IOException e) {
            rewriteNeeded = true;
            writeState.failed(e);
            return false;
        }
        writeState.written();
        return true;
    }

    private void remember(String messageId) {
        ids.remove(messageId);
        ids.add(messageId);
        while (ids.size() > capacity) {
            ids.remove(ids.iterator().next());
        }
    }
}
