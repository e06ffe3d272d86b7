package io.jenkins.plugins.statusqueue;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import io.jenkins.plugins.statusqueue.drain.SetupException;
import io.jenkins.plugins.statusqueue.queue.QueueSource;

/**
 * Where queued events are read from: one of the transports an administrator chooses in the form. Resolves its
 * credentials only when asked, so that a changed credential takes effect on the next pass.
 */
public abstract class QueueEndpoint extends AbstractDescribableImpl<QueueEndpoint> implements ExtensionPoint {

    /** A connected source; the caller closes it. */
    public abstract QueueSource open() throws SetupException;

    /**
     * Changes whenever {@link #open()} would connect differently (URL or resolved secret), so that a connected
     * source can be reused until then. Holds a digest of the secret, never the secret.
     */
    public abstract String connectionKey() throws SetupException;

    /** What is read, for logs and pages; never contains a secret. */
    public abstract String describe();

    /** The descriptors of the transports, for the form's drop-down. */
    public abstract static class QueueEndpointDescriptor extends Descriptor<QueueEndpoint> {
    }
}
