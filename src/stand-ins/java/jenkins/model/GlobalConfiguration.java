// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package jenkins.model;

import hudson.ExtensionList;
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
        return this;
    }

    @Override
    public String getGlobalConfigPage() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public boolean configure(StaplerRequest req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("stand-in");
    }

    public static ExtensionList<GlobalConfiguration> all() {
        throw new UnsupportedOperationException("stand-in");
    }
}
