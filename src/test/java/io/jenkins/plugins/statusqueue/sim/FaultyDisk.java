package io.jenkins.plugins.statusqueue.sim;

import io.jenkins.plugins.statusqueue.store.Disk;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local disk, with the faults a real one has: full (every write fails as {@code ENOSPC} does, nothing is
 * written) or failing in the middle of a write (part of it reaches the file, then the write fails). Counts the
 * forces to the device.
 */
public final class FaultyDisk implements Disk {

    /** What the JDK reports for {@code ENOSPC}. */
    public static final String NO_SPACE = "No space left on device";

    private final AtomicBoolean full = new AtomicBoolean();
    private final AtomicInteger writesToCut = new AtomicInteger();
    private final AtomicInteger forces = new AtomicInteger();
    private final AtomicInteger failedWrites = new AtomicInteger();

    /** While full, every write and force fails and writes nothing. */
    public void full(boolean value) {
        full.set(value);
    }

    /** The next write writes half its bytes, then fails. */
    public void cutNextWrite() {
        writesToCut.incrementAndGet();
    }

    /** Forces to the device that succeeded. */
    public int forces() {
        return forces.get();
    }

    /** Writes and forces that failed. */
    public int failedWrites() {
        return failedWrites.get();
    }

    @Override
    public FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        return new Channel(FileChannel.open(file, options));
    }

    private IOException noSpace() {
        failedWrites.incrementAndGet();
        return new IOException(NO_SPACE);
    }

    private final class Channel extends FileChannel {
        private final FileChannel file;

        Channel(FileChannel file) {
            this.file = file;
        }

        @Override
        public int write(ByteBuffer source, long position) throws IOException {
            if (full.get()) {
                throw noSpace();
            }
            if (writesToCut.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                ByteBuffer half = source.slice().limit(Math.max(1, source.remaining() / 2));
                file.write(half, position);
                throw noSpace();
            }
            return file.write(source, position);
        }

        @Override
        public int write(ByteBuffer source) throws IOException {
            int written = write(source, file.position());
            file.position(file.position() + written);
            return written;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            if (full.get()) {
                throw noSpace();
            }
            file.force(metaData);
            forces.incrementAndGet();
        }

        @Override
        public int read(ByteBuffer destination) throws IOException {
            return file.read(destination);
        }

        @Override
        public long read(ByteBuffer[] destinations, int offset, int length) throws IOException {
            return file.read(destinations, offset, length);
        }

        @Override
        public long write(ByteBuffer[] sources, int offset, int length) {
            throw new UnsupportedOperationException("the plugin writes one buffer at a time");
        }

        @Override
        public long position() throws IOException {
            return file.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            file.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return file.size();
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            file.truncate(size);
            return this;
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return file.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel source, long position, long count) {
            throw new UnsupportedOperationException("the plugin writes one buffer at a time");
        }

        @Override
        public int read(ByteBuffer destination, long position) throws IOException {
            return file.read(destination, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) {
            throw new UnsupportedOperationException("the plugin maps no file");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return file.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return file.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            file.close();
        }
    }
}
