package io.jenkins.plugins.statusqueue.plugin.settings;

import hudson.ExtensionPoint;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.config.Rebuilt;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueProbe;
import io.jenkins.plugins.statusqueue.queue.QueueSource;

/**
 * Where messages wait: the configuration of one queue, whose credentials are resolved only when it is opened, as
 * seen from Jenkins as a whole (System-scoped credentials included). Only administrators configure one: the queue the
 * drain reads, and the trigger queues jobs name by id; no job-level form lists or tests them.
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
     * Resolves settings and credentials as seen from Jenkins as a whole.
     *
     * @throws QueueException of kind {@link QueueException.Kind#CONFIG} naming what is missing or unusable
     */
    public abstract Connection connect() throws QueueException;

    /** Opens the queue with credentials resolved now. */
    public final QueueSource open() throws QueueException {
        return connect().open();
    }

    /** What this queue is, for pages and logs; never contains a secret. */
    public abstract String describe();

    /** A stable key naming the queue itself (not its credentials), so that one poller serves each queue. */
    public abstract String identity();

    /** Descriptor of every kind of queue; its "Test connection" is shared. */
    public abstract static class QueueEndpointDescriptor extends Descriptor<QueueEndpoint> {

        /**
         * Opens {@code endpoint}, asks the queue whether it is reachable, and reports what it learned or what to fix.
         * Requires Overall/Administer.
         */
        protected static FormValidation testConnection(QueueEndpoint endpoint) {
            FormChecks.checkAdminister();
            try (QueueSource source = endpoint.open()) {
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
