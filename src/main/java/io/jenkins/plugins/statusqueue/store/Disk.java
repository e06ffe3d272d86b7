package io.jenkins.plugins.statusqueue.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens the channels the plugin's files are written through: the local file system, or in tests one that fails as a
 * full or broken disk does.
 */
@FunctionalInterface
public interface Disk {

    /** The file system itself. */
    Disk LOCAL = FileChannel::open;

    FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException;
}
