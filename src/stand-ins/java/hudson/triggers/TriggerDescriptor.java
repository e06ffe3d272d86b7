// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.triggers;

import hudson.model.Descriptor;
import hudson.model.Item;

public abstract class TriggerDescriptor extends Descriptor<Trigger<?>> {
    protected TriggerDescriptor() {
    }

    public abstract boolean isApplicable(Item item);
}
