package io.jenkins.plugins.statusqueue.drain;

import java.time.Duration;

/**
 * Bounds and parallelism of one drain pass.
 *
 * @param maxMessages     stop receiving after this many messages in one pass
 * @param maxDuration     stop receiving after this long, so a periodic caller is never stuck
 * @param concurrency     status posts in flight at once
 * @param longPollSeconds how long a receive waits for a message on an empty queue (0 to 20)
 * @param retryDelay      how long a message that failed transiently is hidden before it comes back
 */
public record DrainSettings(int maxMessages, Duration maxDuration, int concurrency, int longPollSeconds,
        Duration retryDelay) {

    /**
     * How long a pass may run past {@code maxDuration} to let the posts and deletes it started finish; then it ends
     * anyway, and messages still in flight stay in the queue.
     */
    public static final Duration GRACE = Duration.ofSeconds(5);

    public static final DrainSettings DEFAULTS = new DrainSettings(1000, Duration.ofSeconds(60), 8, 5,
            Duration.ofSeconds(60));

    public DrainSettings {
        if (maxMessages < 1) {
            throw new IllegalArgumentException("maxMessages must be at least 1");
        }
        if (maxDuration.isNegative() || maxDuration.isZero()) {
            throw new IllegalArgumentException("maxDuration must be positive");
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be at least 1");
        }
        if (longPollSeconds < 0 || longPollSeconds > 20) {
            throw new IllegalArgumentException("longPollSeconds must be between 0 and 20");
        }
    }
}
