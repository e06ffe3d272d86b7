package io.jenkins.plugins.statusqueue.queue;

/**
 * What "Test connection" learned about a queue.
 *
 * @param description      what was reached, for the administrator
 * @param approximateDepth approximate number of visible messages, or -1 where the transport cannot tell
 */
public record QueueProbe(String description, long approximateDepth) {
}
