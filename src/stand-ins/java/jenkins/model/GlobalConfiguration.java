// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package jenkins.model;

import hudson.ExtensionPoint;
import hudson.model.Describable;
import hudson.model.Descriptor;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest;

public abstract class GlobalConfiguration extends Descriptor<GlobalConfiguration>
        implements ExtensionPoint, Describable<GlobalConfiguration> {
    protected GlobalConfiguration() {
    }

    @Override
    public final Descriptor<GlobalConfiguration> getDescriptor() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public boolean configure(StaplerRequest req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("stand-in");
    }
}
