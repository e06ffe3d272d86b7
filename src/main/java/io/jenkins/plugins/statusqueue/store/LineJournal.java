package io.jenkins.plugins.statusqueue.store;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A file of lines, appended and forced to the device before what the lines cover happens, and rewritten whole when
 * compacted. A partial last line, left by a crash or a full disk in the middle of an append, is skipped when the file
 * is read and cut back before the next append, so it never joins the next line into one that reads wrong. Not
 * thread-safe: its owner writes one append at a time.
 */
public final class LineJournal {

    private final Path file;
    private final Disk disk;
    /** Bytes of whole lines: where the next append goes. */
    private long length;
    private int lines;
    private FileChannel channel;

    private LineJournal(Path file, Disk disk) {
        this.file = file;
        this.disk = disk;
    }

    private static final Logger LOGGER = Logger.getLogger("io.jenkins.plugins.statusqueue");

    /**
     * What reading a journal found.
     *
     * @param unreadable the file could not be read to its end: its owner rewrites it from what was read before
     *                   appending, as the next append would otherwise cut it back to nothing
     */
    public record Replay(LineJournal journal, int lines, int skipped, boolean unreadable) {
    }

    /**
     * Reads the journal as {@link #open}, and logs what it skipped or why it could not read it.
     *
     * @param what the journal, as the log names it: {@code the posted-status journal}
     */
    public static Replay replay(Path file, Disk disk, Predicate<String> reader, String what) {
        try {
            Replay replay = open(file, disk, reader);
            if (replay.skipped() > 0) {
                LOGGER.warning("Replayed " + what + " " + file + ": skipped " + replay.skipped() + " lines it cannot "
                        + "read (a partial last line is what a crash or a full disk mid-write leaves)");
            }
            return replay;
        } catch (IOException e) {
            LOGGER.log(Level.WARNING, "Cannot read " + what + " " + file + " to its end; it is rewritten from what "
                    + "was read", e);
            return new Replay(new LineJournal(file, disk), 0, 0, true);
        }
    }

    /**
     * Reads the journal, giving each whole line to {@code reader}, which answers whether it could read it. A missing
     * file is an empty journal.
     *
     * @return the journal, ready to append, with how many lines it holds and how many of them were skipped (unreadable,
     *         or a partial last line)
     */
    public static Replay open(Path file, Disk disk, Predicate<String> reader) throws IOException {
        LineJournal journal = new LineJournal(file, disk);
        int skipped = 0;
        if (Files.exists(file)) {
            try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
                ByteArrayOutputStream line = new ByteArrayOutputStream();
                long position = 0;
                for (int b = in.read(); b >= 0; b = in.read()) {
                    position++;
                    if (b != '\n') {
                        line.write(b);
                        continue;
                    }
                    journal.length = position;
                    journal.lines++;
                    if (!reader.test(line.toString(StandardCharsets.UTF_8))) {
                        skipped++;
                    }
                    line.reset();
                }
                if (line.size() > 0) {
                    skipped++; // cut back before the next append
                }
            }
        }
        return new Replay(journal, journal.lines, skipped, false);
    }

    /** Lines in the file, not counting a partial last one. */
    public int lines() {
        return lines;
    }

    /**
     * Appends whole lines (each ending with a line break) and forces them to the device. After a failure the file
     * may end in a partial line: the next append cuts it back first.
     */
    public void append(String text, int lineCount) throws IOException {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(text);
        try {
            if (channel == null) {
                boolean created = !Files.exists(file);
                Files.createDirectories(file.toAbsolutePath().getParent());
                channel = disk.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE));
                if (created) {
                    DurableFiles.syncDirectory(disk, file.toAbsolutePath().getParent());
                }
            }
            if (channel.size() != length) {
                channel.truncate(length);
            }
            DurableFiles.writeFully(channel, bytes, length);
            channel.force(false);
        } catch (IOException e) {
            close();
            throw e;
        }
        length += bytes.limit();
        lines += lineCount;
    }

    /** Replaces the whole journal with these lines, durably (see {@link DurableFiles#replace}). */
    public void rewrite(String text, int lineCount) throws IOException {
        close();
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        DurableFiles.replace(disk, file, bytes);
        length = bytes.length;
        lines = lineCount;
    }

    /** Closes the file; the next append opens it again. */
    public void close() {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // Nothing was pending: every append forced its lines.
            }
            channel = null;
        }
    }
}
