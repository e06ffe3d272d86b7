package io.jenkins.plugins.statusqueue.trigger;

import io.jenkins.plugins.statusqueue.queue.QueueMessage;

/**
 * A mapping that reads the message through its {@link MessageBody}: within the queue's bounds, the JSON parsed once
 * for every job on the queue.
 */
public interface BodyMapper extends MessageMapper {

    /** @throws MessageBounds.ExceededException when the message is over a bound this mapping needs */
    MessageMapping map(MessageBody body) throws MessageBounds.ExceededException;

    /** The mapping within the default bounds; a message over one is an error. */
    @Override
    default MessageMapping map(QueueMessage message) {
        try {
            return map(new MessageBody(message, MessageBounds.DEFAULT));
        } catch (MessageBounds.ExceededException e) {
            return MessageMapping.error(e.getMessage());
        }
    }
}
