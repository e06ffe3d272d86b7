package io.jenkins.plugins.statusqueue.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/** Writes that survive a crash or a power cut once they return. */
public final class DurableFiles {

    private DurableFiles() {
    }

    /**
     * Replaces {@code file} with {@code content}: written to a sibling, forced to the device, renamed over the file,
     * and the rename itself made durable by syncing the directory. A crash leaves the old file or the new one, whole.
     */
    public static void replace(Disk disk, Path file, byte[] content) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel channel = disk.open(temp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING))) {
            writeFully(channel, ByteBuffer.wrap(content), 0);
            channel.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(disk, directory);
    }

    /**
     * Forces a directory's entries (a file created or renamed in it) to the device, where the operating system lets
     * a directory be opened; elsewhere (Windows) the rename is as durable as the file system makes it.
     */
    public static void syncDirectory(Disk disk, Path directory) {
        try (FileChannel channel = disk.open(directory, Set.of(StandardOpenOption.READ))) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException notOnThisSystem) {
            // A directory cannot be opened for syncing here.
        }
    }

    /** Writes all of {@code bytes} at {@code position}. */
    static void writeFully(FileChannel channel, ByteBuffer bytes, long position) throws IOException {
        long at = position;
        while (bytes.hasRemaining()) {
            at += channel.write(bytes, at);
        }
    }
}
