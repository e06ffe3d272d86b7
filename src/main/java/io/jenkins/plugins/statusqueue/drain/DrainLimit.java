package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.config.WholeNumber;
import java.time.Duration;

/**
 * The numbers an administrator sets for draining: their bounds, defaults and what they mean, so that the form check,
 * the setter used by Configuration as Code and the engine agree.
 */
public enum DrainLimit implements WholeNumber.Setting {

    INTERVAL_SECONDS("Seconds between passes", 1, 3600, 10),
    MAX_MESSAGES_PER_PASS("Messages per pass", 1, 100_000, DrainSettings.DEFAULTS.maxMessages()),
    MAX_SECONDS_PER_PASS("Seconds per pass", 1, 3600, (int) DrainSettings.DEFAULTS.maxDuration().toSeconds()),
    CONCURRENCY("Concurrent status posts", 1, 64, DrainSettings.DEFAULTS.concurrency()),
    LONG_POLL_SECONDS("Long-poll seconds", 0, 20, DrainSettings.DEFAULTS.longPollSeconds()),
    /** SQS hides a message for at most 12 hours. */
    RETRY_DELAY_SECONDS("Retry delay in seconds", 0, 43_200, (int) DrainSettings.DEFAULTS.retryDelay().toSeconds());

    private final WholeNumber number;

    DrainLimit(String label, int min, int max, int defaultValue) {
        this.number = new WholeNumber(label, min, max, defaultValue);
    }

    @Override
    public WholeNumber number() {
        return number;
    }

    /** The engine's settings from the administrator's numbers, each checked against its bounds. */
    public static DrainSettings settings(int maxMessagesPerPass, int maxSecondsPerPass, int concurrency,
            int longPollSeconds, int retryDelaySeconds) {
        return new DrainSettings(MAX_MESSAGES_PER_PASS.require(maxMessagesPerPass),
                Duration.ofSeconds(MAX_SECONDS_PER_PASS.require(maxSecondsPerPass)), CONCURRENCY.require(concurrency),
                LONG_POLL_SECONDS.require(longPollSeconds),
                Duration.ofSeconds(RETRY_DELAY_SECONDS.require(retryDelaySeconds)));
    }
}
