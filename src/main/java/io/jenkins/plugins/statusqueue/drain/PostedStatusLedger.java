package io.jenkins.plugins.statusqueue.drain;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Remembers, per {@link StatusKey}, the newest event whose status was posted, so that an older or redelivered event
 * never overwrites a newer status. Bounded: the least recently used keys are forgotten.
 *
 * <p>With a journal file it survives a restart: a message that failed transiently before the restart may come back
 * after a newer build of the same commit was posted. The drain {@link #save() saves} the journal, flushed to disk,
 * before it deletes the messages whose posts it records, so a crash in between can only cause a status to be posted
 * again, never an older one to win. The journal is rewritten compactly once it holds twice the capacity.
 *
 * <p>Journal lines: {@code v2 TAB number TAB epoch-millis-or-"-" TAB stage TAB state TAB organization TAB pipeline TAB
 * repository TAB commit TAB context}, texts escaped. Lines of the first format, {@code number TAB stage TAB
 * repository@commit#context}, are still read: they guard their repository, commit and context for any pipeline, with
 * no time, until they are forgotten like any entry.
 */
final class PostedStatusLedger {

    private static final Logger LOGGER = Logger.getLogger(PostedStatusLedger.class.getName());
    private static final String FORMAT = "v2";
    private static final String NO_TIME = "-";
    private static final int FIELDS = 10;

    private final Map<StatusKey, EventVersion> posted;
    /** Entries of a first-format journal, by {@link StatusKey#legacyId()}. */
    private final Map<String, EventVersion> legacy;
    /** The keys being checked and posted now, each with the threads that use or wait for it. */
    private final Map<StatusKey, KeyLock> keyLocks = new ConcurrentHashMap<>();
    private final Path journal;
    private volatile String saveProblem;
    private final int capacity;
    /** Posts not yet appended to the journal. */
    private final List<String> unsaved = new ArrayList<>();
    /** Held by the thread writing the journal, never while holding the ledger's monitor. */
    private final Object journalWriter = new Object();
    /** Lines in the journal file; guarded by {@link #journalWriter} once the ledger is open. */
    private int journalLines;
    /** The journal open for appending; guarded by {@link #journalWriter}. */
    private FileChannel appending;

    private PostedStatusLedger(int capacity, Path journal) {
        this.capacity = capacity;
        this.journal = journal;
        this.posted = leastRecentlyUsed(capacity);
        this.legacy = leastRecentlyUsed(capacity);
    }

    private static <K> Map<K, EventVersion> leastRecentlyUsed(int capacity) {
        return new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<K, EventVersion> eldest) {
                return size() > capacity;
            }
        };
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
        try {
            if (line.startsWith(FORMAT + "\t")) {
                String[] fields = line.split("\t", -1);
                if (fields.length != FIELDS) {
                    throw new IllegalArgumentException("expected " + FIELDS + " fields");
                }
                merge(new StatusKey(unescape(fields[5]), unescape(fields[6]), unescape(fields[7]),
                        unescape(fields[8]), unescape(fields[9])), new EventVersion(Long.parseLong(fields[1]),
                                fields[2].equals(NO_TIME) ? null : Instant.ofEpochMilli(Long.parseLong(fields[2])),
                                Integer.parseInt(fields[3]), unescape(fields[4])));
            } else {
                String[] fields = line.split("\t", 3);
                legacy.merge(unescape(fields[2]), new EventVersion(Long.parseLong(fields[0]), null,
                        Integer.parseInt(fields[1]), null), PostedStatusLedger::newer);
            }
        } catch (RuntimeException malformed) {
            LOGGER.fine(() -> "Skipping malformed journal line in " + journal);
        }
    }

    /**
     * Held while checking and posting a key, so two posts never race on the same status. One lock per key, not a
     * lock shared by many keys: a post holds it while GitHub answers, and a shared lock would make unrelated posts
     * wait for that.
     */
    KeyLock lock(StatusKey key) {
        KeyLock held = keyLocks.compute(key, (k, existing) -> {
            KeyLock lock = existing == null ? new KeyLock(k) : existing;
            lock.users++;
            return lock;
        });
        held.lock.lock();
        return held;
    }

    /** The lock of one key while it is held or awaited; forgotten when nobody holds or awaits it. */
    final class KeyLock implements AutoCloseable {
        private final StatusKey key;
        private final ReentrantLock lock = new ReentrantLock();
        /** Guarded by the map's compute. */
        private int users;

        private KeyLock(StatusKey key) {
            this.key = key;
        }

        @Override
        public void close() {
            lock.unlock();
            keyLocks.computeIfPresent(key, (k, existing) -> --existing.users == 0 ? null : existing);
        }
    }

    /** What a save holds while it writes, for a test to hold in its place. */
    Object journalWriter() {
        return journalWriter;
    }

    /** Keys locked or awaited now. */
    int lockedKeys() {
        return keyLocks.size();
    }

    /** The newest event posted for this key, or {@code null} when none is remembered. */
    synchronized EventVersion posted(StatusKey key) {
        EventVersion known = posted.get(key);
        EventVersion old = legacy.isEmpty() ? null : legacy.get(key.legacyId());
        return known == null ? old : old == null ? known : newer(known, old);
    }

    synchronized void recordPosted(StatusKey key, EventVersion version) {
        merge(key, version);
        if (journal != null) {
            unsaved.add(line(key, version));
        }
    }

    private void merge(StatusKey key, EventVersion version) {
        posted.merge(key, version, PostedStatusLedger::newer);
    }

    private static EventVersion newer(EventVersion known, EventVersion candidate) {
        return candidate.compareTo(known) > 0 ? candidate : known;
    }

    /**
     * Appends the posts recorded so far to the journal and flushes it to disk, or rewrites it compactly when it has
     * grown too long. The disk is written outside the ledger's monitor, so posts are checked and recorded while a
     * save waits for the device; saves themselves go one at a time, in order.
     *
     * @return whether every post recorded before this call is in the journal now (always, without a journal)
     */
    /** Why the last save failed, or {@code null} when it succeeded: the administrative monitor reads it. */
    String saveProblem() {
        return saveProblem;
    }

    boolean save() {
        if (journal == null) {
            return true;
        }
        synchronized (journalWriter) {
            List<String> lines;
            StringBuilder compacted = null;
            int compactedLines = 0;
            synchronized (this) {
                if (unsaved.isEmpty()) {
                    return true;
                }
                lines = new ArrayList<>(unsaved);
                unsaved.clear();
                if (journalLines + lines.size() > 2L * capacity) {
                    compacted = new StringBuilder();
                    for (Map.Entry<String, EventVersion> entry : legacy.entrySet()) {
                        compacted.append(entry.getValue().buildNumber()).append('\t')
                                .append(entry.getValue().stage()).append('\t').append(escape(entry.getKey()))
                                .append('\n');
                    }
                    for (Map.Entry<StatusKey, EventVersion> entry : posted.entrySet()) {
                        compacted.append(line(entry.getKey(), entry.getValue()));
                    }
                    compactedLines = legacy.size() + posted.size();
                }
            }
            try {
                if (compacted != null) {
                    rewrite(compacted.toString());
                    journalLines = compactedLines;
                } else {
                    append(String.join("", lines));
                    journalLines += lines.size();
                }
                saveProblem = null;
                return true;
            } catch (IOException e) {
                saveProblem = "Cannot save " + journal + ": " + e;
                closeJournal();
                synchronized (this) {
                    unsaved.addAll(0, lines); // kept in memory and tried again before the next delete
                }
                LOGGER.log(Level.WARNING, "Cannot save the posted-status journal " + journal, e);
                return false;
            }
        }
    }

    /** Appends through a channel kept open between saves, and flushes to the device. */
    private void append(String text) throws IOException {
        if (appending == null) {
            Files.createDirectories(journal.toAbsolutePath().getParent());
            appending = FileChannel.open(journal, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
        }
        write(appending, text);
    }

    private void rewrite(String text) throws IOException {
        closeJournal();
        Files.createDirectories(journal.toAbsolutePath().getParent());
        Path temp = journal.resolveSibling(journal.getFileName() + ".tmp");
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            write(channel, text);
        }
        try {
            Files.move(temp, journal, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, journal, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private void closeJournal() {
        if (appending != null) {
            try {
                appending.close();
            } catch (IOException e) {
                // reopened by the next save
            }
            appending = null;
        }
    }

    /** Writes and flushes to the device: the drain deletes messages on the strength of it. */
    private static void write(FileChannel channel, String text) throws IOException {
        ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text));
        while (bytes.hasRemaining()) {
            channel.write(bytes);
        }
        channel.force(false);
    }

    private static String line(StatusKey key, EventVersion version) {
        return String.join("\t", FORMAT, Long.toString(version.buildNumber()),
                version.time() == null ? NO_TIME : Long.toString(version.time().toEpochMilli()),
                Integer.toString(version.stage()), escape(version.state()), escape(key.organization()),
                escape(key.pipeline()), escape(key.repository()), escape(key.commit()), escape(key.context())) + "\n";
    }

    /** Texts come from the queue and an administrator's template: keep each entry on one line, fields apart. */
    private static String escape(String text) {
        return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r");
    }

    private static String unescape(String text) {
        StringBuilder key = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                char next = text.charAt(++i);
                key.append(next == 'n' ? '\n' : next == 'r' ? '\r' : next == 't' ? '\t' : next);
            } else {
                key.append(c);
            }
        }
        return key.toString();
    }
}
