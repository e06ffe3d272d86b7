package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.events.BuildkiteEvent;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Remembers, per repository, commit and context, the newest build whose status was posted, so that an older or
 * redelivered event never overwrites a newer status. Bounded: the least recently used keys are forgotten.
 *
 * <p>With a journal file it survives a restart: a message that failed transiently before the restart may come back
 * after a newer build of the same commit was posted. Posts are appended to the journal at the end of each pass, and
 * the journal is rewritten compactly once it holds twice the capacity.
 */
final class PostedStatusLedger {

    private static final Logger LOGGER = Logger.getLogger(PostedStatusLedger.class.getName());
    /** Where a build is in its life: a later stage of the same build supersedes an earlier one. */
    private static final Set<String> ENDED = Set.of("passed", "failed", "canceled", "finished", "skipped", "not_run",
            "waiting_failed");
    private static final int LOCK_STRIPES = 256;

    /** A build and how far along it was; compares by build number, then stage. */
    record Version(long buildNumber, int stage) implements Comparable<Version> {

        static Version of(BuildkiteEvent event) {
            int stage = ENDED.contains(event.state()) ? 2 : event.state().equals("blocked") ? 1 : 0;
            return new Version(event.buildNumber(), stage);
        }

        @Override
        public int compareTo(Version other) {
            int byNumber = Long.compare(buildNumber, other.buildNumber);
            return byNumber != 0 ? byNumber : Integer.compare(stage, other.stage);
        }
    }

    private final Map<String, Version> posted;
    private final Object[] locks = new Object[LOCK_STRIPES];
    private final Path journal;
    private final int capacity;
    /** Posts not yet appended to the journal. */
    private final List<String> unsaved = new ArrayList<>();
    private int journalLines;

    private PostedStatusLedger(int capacity, Path journal) {
        this.capacity = capacity;
        this.journal = journal;
        posted = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Version> eldest) {
                return size() > capacity;
            }
        };
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
    }

    /** A ledger that lives as long as this object. */
    static PostedStatusLedger inMemory(int capacity) {
        return new PostedStatusLedger(capacity, null);
    }

    /**
     * The ledger kept in {@code journal}, replayed when it exists. Unreadable lines are skipped: losing one entry
     * only weakens ordering for one status, while refusing to start would stop every status.
     */
    static PostedStatusLedger open(Path journal, int capacity) {
        PostedStatusLedger ledger = new PostedStatusLedger(capacity, journal);
        if (Files.exists(journal)) {
            try (BufferedReader reader = Files.newBufferedReader(journal, StandardCharsets.UTF_8)) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    ledger.replay(line);
                }
            } catch (IOException e) {
                LOGGER.log(Level.WARNING, "Cannot read the posted-status journal " + journal
                        + "; older redelivered events may overwrite newer statuses once", e);
            }
        }
        return ledger;
    }

    private void replay(String line) {
        journalLines++;
        String[] fields = line.split("\t", 3);
        try {
            merge(unescape(fields[2]), new Version(Long.parseLong(fields[0]), Integer.parseInt(fields[1])));
        } catch (RuntimeException malformed) {
            LOGGER.fine(() -> "Skipping malformed journal line in " + journal);
        }
    }

    /** Held while checking and posting a key, so two passes never race on the same status. */
    Object lockFor(String key) {
        return locks[Math.floorMod(key.hashCode(), LOCK_STRIPES)];
    }

    synchronized Version posted(String key) {
        return posted.get(key);
    }

    synchronized void recordPosted(String key, Version version) {
        merge(key, version);
        if (journal != null) {
            unsaved.add(version.buildNumber() + "\t" + version.stage() + "\t" + escape(key) + "\n");
        }
    }

    private void merge(String key, Version version) {
        posted.merge(key, version, (known, candidate) -> candidate.compareTo(known) > 0 ? candidate : known);
    }

    /** Appends the posts of the pass to the journal, or rewrites it compactly when it has grown too long. */
    synchronized void save() {
        if (journal == null || unsaved.isEmpty()) {
            return;
        }
        try {
            Files.createDirectories(journal.toAbsolutePath().getParent());
            if (journalLines + unsaved.size() > 2L * capacity) {
                rewrite();
            } else {
                Files.writeString(journal, String.join("", unsaved), StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                journalLines += unsaved.size();
            }
            unsaved.clear();
        } catch (IOException e) {
            // Kept in memory and tried again after the next pass.
            LOGGER.log(Level.WARNING, "Cannot save the posted-status journal " + journal, e);
        }
    }

    private void rewrite() throws IOException {
        StringBuilder text = new StringBuilder();
        posted.forEach((key, version) -> text.append(version.buildNumber()).append('\t').append(version.stage())
                .append('\t').append(escape(key)).append('\n'));
        Path temp = journal.resolveSibling(journal.getFileName() + ".tmp");
        Files.writeString(temp, text, StandardCharsets.UTF_8);
        try {
            Files.move(temp, journal, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, journal, StandardCopyOption.REPLACE_EXISTING);
        }
        journalLines = posted.size();
    }

    /** Keys hold a context an administrator templated: keep each entry on one line. */
    private static String escape(String key) {
        return key.replace("\\", "\\\\").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String text) {
        StringBuilder key = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                key.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next);
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }
}
