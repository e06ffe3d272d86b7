package io.jenkins.plugins.statusqueue.github;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * A bounded, least-recently-used cache of repository look-ups. Concurrent look-ups of the same repository share one
 * request; a failed look-up is not cached, so the next post asks again.
 */
final class RepositoryCache<R> {

    /** Loads one repository by {@code owner/name}. */
    interface Loader<R> {
        R load(String fullName) throws IOException;
    }

    private final Map<String, FutureTask<R>> entries;
    private final Loader<R> loader;

    RepositoryCache(int capacity, Loader<R> loader) {
        this.loader = loader;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, FutureTask<R>> eldest) {
                return size() > capacity;
            }
        };
    }

    R get(String fullName) throws IOException {
        String key = fullName.toLowerCase(Locale.ROOT);
        FutureTask<R> task;
        boolean mine = false;
        synchronized (entries) {
            task = entries.get(key);
            if (task == null) {
                task = new FutureTask<>(() -> loader.load(fullName));
                entries.put(key, task);
                mine = true;
            }
        }
        if (mine) {
            task.run();
        }
        try {
            return task.get();
        } catch (ExecutionException e) {
            invalidate(key, task);
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while looking up " + fullName);
        }
    }

    /** Forgets a repository, for example after GitHub said it no longer exists. */
    void invalidate(String fullName) {
        synchronized (entries) {
            entries.remove(fullName.toLowerCase(Locale.ROOT));
        }
    }

    int size() {
        synchronized (entries) {
            return entries.size();
        }
    }

    private void invalidate(String key, FutureTask<R> task) {
        synchronized (entries) {
            entries.remove(key, task);
        }
    }
}
