package io.jenkins.plugins.statusqueue.trigger;

import io.jenkins.plugins.statusqueue.queue.QueueMessage;

/**
 * Turns a queue message into build parameters, or declines it (so that another job may take it). The built-in
 * raw and JSON mappings implement it, and so do the custom mappings other plugins contribute.
 */
@FunctionalInterface
public interface MessageMapper {

    /** Never throws for bad input: a body that cannot be mapped is {@link MessageMapping#error}. */
    MessageMapping map(QueueMessage message);
}
