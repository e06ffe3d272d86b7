package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.store.Disk;
import io.jenkins.plugins.statusqueue.store.LineJournal;
import io.jenkins.plugins.statusqueue.store.WriteState;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.Map;

/**
 * Remembers, per {@link StatusKey}, the newest event whose status was posted, so that an older or redelivered event
 * never overwrites a newer status. Bounded: the least recently used keys are forgotten.
 *
 * <p>With a journal file it survives a restart: a message that failed transiently before the restart may come back
 * after a newer build of the same commit was posted. The drain {@link #save() saves} the journal, forced to disk,
 * before it deletes the messages whose posts it records, so a crash in between can only cause a status to be posted
 * again, never an older one to win. The journal is rewritten compactly once it holds twice the capacity, and after a
 * save failed (a full disk): what could not be written waits in the entries in memory, bounded by the capacity.
 *
 * <p>Journal lines: {@code v2 TAB number TAB epoch-millis-or-"-" TAB stage TAB state TAB organization TAB pipeline TAB
 * repository TAB commit TAB context}, texts escaped. Lines of the first format, {@code number TAB stage TAB
 * repository@commit#context}, are still read: they guard their repository, commit and context for any pipeline, with
 * no time, until they are forgotten like any entry.
 */
final class PostedStatusLedger {

    private static final String FORMAT = "v2";
    private static final String NO_TIME = "-";
    private static final int FIELDS = 10;

    private final Map<StatusKey, EventVersion> posted;
    /** Entries of a first-format journal, by {@link StatusKey#legacyId()}. */
    private final Map<String, EventVersion> legacy;
    /** The keys being checked and posted now, each with the threads that use or wait for it. */
    private final Map<StatusKey, KeyLock> keyLocks = new ConcurrentHashMap<>();
    private final Path journalFile;
    private final int capacity;
    /** Posts not yet appended to the journal. */
    private final List<String> unsaved = new ArrayList<>();
    /**
     * Set when a save failed: what it could not write is in memory, in the entries themselves, and the next save
     * rewrites the journal from them, so that what waits for the disk is bounded by the capacity.
     */
    private boolean rewriteNeeded;
    /** Posts recorded since the journal was last written whole. */
    private int unsavedPosts;
    /** Held by the thread writing the journal, never while holding the ledger's monitor. */
    private final Object journalWriter = new Object();
    /** The journal; guarded by {@link #journalWriter} once the ledger is open. */
    private LineJournal journal;
    private final WriteState writeState;

    private PostedStatusLedger(int capacity, Path journalFile) {
        this.capacity = capacity;
        this.journalFile = journalFile;
        this.posted = leastRecentlyUsed(capacity);
        this.legacy = leastRecentlyUsed(capacity);
        this.writeState = new WriteState("the posted-status journal " + journalFile, "the drain stops receiving, "
                + "and messages whose statuses were posted stay in the queue, until it can");
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
     * only weakens ordering for one status (the status may be posted again once), while refusing to start would stop
     * every status.
     */
    static PostedStatusLedger open(Path journal, int capacity) {
        return open(journal, Disk.LOCAL, capacity);
    }

    static PostedStatusLedger open(Path journalFile, Disk disk, int capacity) {
        PostedStatusLedger ledger = new PostedStatusLedger(capacity, journalFile);
        LineJournal.Replay replay = LineJournal.replay(journalFile, disk, ledger::replay, "the posted-status journal");
        ledger.journal = replay.journal();
        ledger.rewriteNeeded = replay.unreadable();
        return ledger;
    }

    /** @return whether the line could be read */
    private boolean replay(String line) {
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
            return true;
        } catch (RuntimeException malformed) {
            return false;
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
        if (journalFile != null) {
            unsavedPosts++;
            if (unsaved.size() < capacity) {
                unsaved.add(line(key, version));
            } else {
                unsaved.clear(); // held by the entries themselves: the next save writes them all
                rewriteNeeded = true;
            }
        }
    }

    private void merge(StatusKey key, EventVersion version) {
        posted.merge(key, version, PostedStatusLedger::newer);
    }

    private static EventVersion newer(EventVersion known, EventVersion candidate) {
        return candidate.compareTo(known) > 0 ? candidate : known;
    }

    /**
     * Appends the posts recorded so far to the journal and forces it to disk, or rewrites it compactly when it has
     * grown too long or a save failed. The disk is written outside the ledger's monitor, so posts are checked and
     * recorded while a save waits for the device; saves themselves go one at a time, in order.
     *
     * @return whether every post recorded before this call is in the journal now (always, without a journal)
     */
    boolean save() {
        if (journalFile == null) {
            return true;
        }
        synchronized (journalWriter) {
            List<String> lines;
            StringBuilder compacted = null;
            int compactedLines = 0;
            int posts;
            synchronized (this) {
                if (unsaved.isEmpty() && !rewriteNeeded) {
                    return true;
                }
                lines = new ArrayList<>(unsaved);
                unsaved.clear();
                posts = unsavedPosts;
                if (rewriteNeeded || journal.lines() + lines.size() > 2L * capacity) {
                    rewriteNeeded = false;
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
                    journal.rewrite(compacted.toString(), compactedLines);
                } else {
                    journal.append(String.join("", lines), lines.size());
                }
            } catch (IOException e) {
                synchronized (this) {
                    // The entries in memory hold what was not written: the next save rewrites the journal from them.
                    rewriteNeeded = true;
                    unsaved.clear();
                }
                writeState.failed(e);
                return false;
            }
            synchronized (this) {
                unsavedPosts -= posts;
            }
            writeState.written();
            return true;
        }
    }

    /**
     * Why the journal cannot be written now, with how many posted statuses wait in memory for it, or {@code null}
     * when the last save succeeded.
     */
    String writeProblem() {
        String reason = writeState.reason();
        if (reason == null) {
            return null;
        }
        int waiting;
        synchronized (this) {
            waiting = unsavedPosts;
        }
        return journalFile.getFileName() + ": " + reason + " (" + waiting + " posted statuses wait in memory)";
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
