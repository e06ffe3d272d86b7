package io.jenkins.plugins.statusqueue.trigger;

import java.time.Clock;
import java.time.Duration;

/**
 * A queue's builds-per-minute limit as a token bucket: a minute's builds may start at once, then they refill evenly.
 */
final class BuildRate {

    private static final long MINUTE_MILLIS = 60_000;

    private final int perMinute;
    private final Clock clock;
    private double tokens;
    private long refilledAt;

    /** @param perMinute 0: no limit */
    BuildRate(int perMinute, Clock clock) {
        this.perMinute = perMinute;
        this.clock = clock;
        this.tokens = perMinute;
        this.refilledAt = clock.millis();
    }

    boolean unlimited() {
        return perMinute == 0;
    }

    /** The builds that may start now, at most {@code Integer.MAX_VALUE}. */
    int available() {
        if (unlimited()) {
            return Integer.MAX_VALUE;
        }
        refill();
        return (int) Math.floor(Math.max(0, tokens));
    }

    /** Takes one build; false when the minute's builds are used up. */
    boolean take() {
        if (unlimited()) {
            return true;
        }
        refill();
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }

    /** How long until the next build may start. */
    Duration untilNext() {
        if (unlimited()) {
            return Duration.ZERO;
        }
        refill();
        double missing = 1 - tokens;
        return missing <= 0 ? Duration.ZERO : Duration.ofMillis((long) Math.ceil(missing * MINUTE_MILLIS / perMinute));
    }

    int perMinute() {
        return perMinute;
    }

    private void refill() {
        long now = clock.millis();
        if (now > refilledAt) {
            tokens = Math.min(perMinute, tokens + (now - refilledAt) * (double) perMinute / MINUTE_MILLIS);
            refilledAt = now;
        }
    }
}
