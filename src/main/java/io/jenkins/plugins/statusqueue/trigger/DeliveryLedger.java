package io.jenkins.plugins.statusqueue.trigger;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The message ids that already started a build, so that a redelivered message (its delete failed, or Jenkins
 * stopped between scheduling and deleting) never starts a second one. Kept in a file, one id a line, appended as
 * builds are scheduled and rewritten compactly once it holds twice the capacity; the oldest ids are forgotten
 * beyond the capacity, long after SQS stopped redelivering them.
 */
public final class DeliveryLedger {

    private static final Logger LOGGER = Logger.getLogger(DeliveryLedger.class.getName());

    private final Path file;
    private final int capacity;
    private final Set<String> ids = new LinkedHashSet<>();
    private int lines;

    private DeliveryLedger(Path file, int capacity) {
        this.file = file;
        this.capacity = capacity;
    }

    /** The ledger kept in {@code file}; {@code null} keeps it in memory only. */
    public static DeliveryLedger open(Path file, int capacity) {
        DeliveryLedger ledger = new DeliveryLedger(file, capacity);
        if (file != null && Files.exists(file)) {
            try {
                List<String> stored = Files.readAllLines(file, StandardCharsets.UTF_8);
                stored.stream().filter(id -> !id.isBlank()).forEach(ledger::remember);
                ledger.lines = stored.size();
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "Cannot read the delivered-message ledger " + file
                        + "; a redelivered message may start a second build", e);
            }
        }
        return ledger;
    }

    public synchronized boolean contains(String messageId) {
        return ids.contains(messageId);
    }

    /** Records a message whose build was scheduled; written before the message is deleted. */
    public synchronized void record(String messageId) {
        remember(messageId);
        if (file == null) {
            return;
        }
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            if (lines + 1 > 2 * capacity) {
                Path temp = file.resolveSibling(file.getFileName() + ".tmp");
                Files.write(temp, ids, StandardCharsets.UTF_8);
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                lines = ids.size();
            } else {
                Files.writeString(file, messageId + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND);
                lines++;
            }
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Cannot save the delivered-message ledger " + file, e);
        }
    }

    private void remember(String messageId) {
        ids.remove(messageId);
        ids.add(messageId);
        while (ids.size() > capacity) {
            ids.remove(ids.iterator().next());
        }
    }
}
