package io.jenkins.plugins.statusqueue.config;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * One object built from a configuration and rebuilt only when the configuration's {@link Fingerprint} changes;
 * the replaced object is handed to a discard action (for example {@code close}). Thread-safe.
 *
 * @param <T> what is built
 */
public final class Rebuilt<T> {

    /** Builds the object; may fail with the checked exception the caller expects. */
    @FunctionalInterface
    public interface Builder<T, E extends Exception> {
        T build() throws E;
    }

    private final Consumer<? super T> discard;
    private String fingerprint;
    private T current;

    public Rebuilt(Consumer<? super T> discard) {
        this.discard = Objects.requireNonNull(discard, "discard");
    }

    /**
     * The object built for {@code fingerprint}: the current one when the fingerprint is unchanged, otherwise a new one
     * from {@code builder}, after which the old one is discarded. When the builder fails, the current object stays.
     */
    public synchronized <E extends Exception> T get(String fingerprint, Builder<T, E> builder) throws E {
        Objects.requireNonNull(fingerprint, "fingerprint");
        if (current != null && fingerprint.equals(this.fingerprint)) {
            return current;
        }
        T built = Objects.requireNonNull(builder.build(), "built");
        T replaced = current;
        current = built;
        this.fingerprint = fingerprint;
        if (replaced != null) {
            discard.accept(replaced);
        }
        return built;
    }

    /** Discards the current object, if any; the next {@link #get} builds a new one. */
    public synchronized void clear() {
        if (current != null) {
            T replaced = current;
            current = null;
            fingerprint = null;
            discard.accept(replaced);
        }
    }
}
