package io.jenkins.plugins.statusqueue;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.model.Item;
import hudson.util.FormValidation;
import io.jenkins.plugins.statusqueue.config.Rebuilt;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueProbe;
import io.jenkins.plugins.statusqueue.queue.QueueSource;

/**
 * Where the Buildkite events wait: the configuration of one queue, whose credentials are resolved only when it is
 * opened. Chosen among its descriptors in the global configuration, and by the job trigger for its own queue.
 */
public abstract class QueueEndpoint extends AbstractDescribableImpl<QueueEndpoint> implements ExtensionPoint {

    /**
     * The queue as it would be opened now: a fingerprint of every value the source is built from, resolved secrets
     * included but hashed, and how to open it. Lets a caller keep one source open while the fingerprint is unchanged.
     *
     * @param fingerprint see {@link io.jenkins.plugins.statusqueue.config.Fingerprint}
     * @param opener      builds the source from the values resolved when this connection was made
     */
    public record Connection(String fingerprint, Rebuilt.Builder<QueueSource, QueueException> opener) {

        public QueueSource open() throws QueueException {
            return opener.build();
        }
    }

    /**
     * Resolves settings and credentials as seen from {@code context}: a job for the trigger, {@code null} for Jenkins
     * as a whole.
     *
     * @throws QueueException of kind {@link QueueException.Kind#CONFIG} naming what is missing or unusable
     */
    public abstract Connection connect(Item context) throws QueueException;

    /** Opens the queue with credentials resolved now, as seen from {@code context} ({@code null}: Jenkins). */
    public final QueueSource open(Item context) throws QueueException {
        return connect(context).open();
    }

    /** Opens the queue with credentials resolved now, as seen from Jenkins as a whole. */
    public final QueueSource open() throws QueueException {
        return open(null);
    }

    /** What this queue is, for pages and logs; never contains a secret. */
    public abstract String describe();

    /** A stable key naming the queue itself (not its credentials), so that one poller serves each queue. */
    public abstract String identity();

    /** Descriptor of every kind of queue; its "Test connection" is shared. */
    public abstract static class QueueEndpointDescriptor extends Descriptor<QueueEndpoint> {

        /**
         * Opens {@code endpoint} as {@code context} would, asks the queue whether it is reachable, and reports what
         * it learned or what to fix. Requires the right to configure {@code context}.
         */
        protected static FormValidation testConnection(Item context, QueueEndpoint endpoint) {
            FormChecks.checkConfigure(context);
            try (QueueSource source = endpoint.open(context)) {
                QueueProbe probe = source.probe();
                return FormValidation.ok(probe.approximateDepth() < 0
                        ? Messages.format("Test.Queue.Reached", probe.description())
                        : Messages.format("Test.Queue.ReachedWithDepth", probe.description(),
                                probe.approximateDepth()));
            } catch (QueueException e) {
                return FormValidation.error(Messages.format("Test.Queue.Failed", e.getMessage(),
                        Messages.format("Test.Queue.Advice." + e.kind().name())));
            }
        }
    }
}
