package io.jenkins.plugins.statusqueue.plugin.trigger;

import hudson.model.Cause;
import io.jenkins.plugins.statusqueue.Messages;

/** "Started by SQS message … from …": which queue and message started the build. */
public class SqsCause extends Cause {

    private final String queue;
    private final String messageId;

    public SqsCause(String queue, String messageId) {
        this.queue = queue;
        this.messageId = messageId;
    }

    public String getQueue() {
        return queue;
    }

    public String getMessageId() {
        return messageId;
    }

    @Override
    public String getShortDescription() {
        return Messages.format("SqsCause.Description", messageId, queue);
    }
}
