// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.triggers;

import hudson.ExtensionPoint;
import hudson.model.Action;
import hudson.model.Describable;
import hudson.model.Item;
import java.util.Collection;

public abstract class Trigger<J extends Item> implements Describable<Trigger<?>>, ExtensionPoint {
    /** Saved in the job's config.xml as {@code <spec>}: XStream writes it for every trigger. */
    protected final String spec;
    protected transient J job;

    protected Trigger() {
        this.spec = "";
    }

    public void start(J project, boolean newInstance) {
        throw new UnsupportedOperationException("stand-in");
    }

    public void stop() {
        throw new UnsupportedOperationException("stand-in");
    }

    public Collection<? extends Action> getProjectActions() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public TriggerDescriptor getDescriptor() {
        throw new UnsupportedOperationException("stand-in");
    }
}
