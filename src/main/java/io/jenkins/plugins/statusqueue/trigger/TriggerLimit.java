package io.jenkins.plugins.statusqueue.trigger;

import io.jenkins.plugins.statusqueue.config.WholeNumber;

/** The numbers an administrator sets for a trigger queue: their bounds and defaults ({@link TriggerLimits}). */
public enum TriggerLimit implements WholeNumber.Setting {

    MAX_WAITING_BUILDS("Builds waiting per job", 1, 1000, TriggerLimits.DEFAULT_WAITING_BUILDS),
    BUILDS_PER_MINUTE("Builds per minute", 0, 100_000, TriggerLimits.DEFAULT_BUILDS_PER_MINUTE),
    /** SQS's largest message is 1 MiB. */
    MAX_MESSAGE_KIB("KiB of a message read", 1, 1024, MessageBounds.DEFAULT_BODY_CHARS / 1024),
    MAX_FIELDS("Fields per message", 1, 10_000, MessageBounds.DEFAULT_FIELDS);

    private final WholeNumber number;

    TriggerLimit(String label, int min, int max, int defaultValue) {
        this.number = new WholeNumber(label, min, max, defaultValue);
    }

    @Override
    public WholeNumber number() {
        return number;
    }

    /** A queue's limits from the administrator's numbers, each checked against its bounds. */
    public static TriggerLimits limits(int maxWaitingBuilds, int buildsPerMinute, int maxMessageKiB, int maxFields) {
        return new TriggerLimits(MAX_WAITING_BUILDS.require(maxWaitingBuilds), BUILDS_PER_MINUTE.require(
                buildsPerMinute), new MessageBounds(MAX_MESSAGE_KIB.require(maxMessageKiB) * 1024,
                MAX_FIELDS.require(maxFields), MessageBounds.DEFAULT_DEPTH));
    }
}
