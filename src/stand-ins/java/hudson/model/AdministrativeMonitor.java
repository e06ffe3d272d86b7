// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.model;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.security.Permission;
import java.io.IOException;
import org.kohsuke.stapler.StaplerProxy;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerResponse;

public abstract class AdministrativeMonitor extends AbstractModelObject implements ExtensionPoint, StaplerProxy {

    public final String id;

    protected AdministrativeMonitor(String id) {
        this.id = id;
    }

    protected AdministrativeMonitor() {
        this.id = getClass().getName();
    }

    public String getUrl() {
        return "administrativeMonitor/" + id;
    }

    @Override
    public String getDisplayName() {
        return id;
    }

    public void disable(boolean value) throws IOException {
        throw new UnsupportedOperationException("stand-in");
    }

    public boolean isEnabled() {
        throw new UnsupportedOperationException("stand-in");
    }

    public abstract boolean isActivated();

    public boolean isSecurity() {
        return false;
    }

    public void doDisable(StaplerRequest req, StaplerResponse rsp) throws IOException {
        throw new UnsupportedOperationException("stand-in");
    }

    public Permission getRequiredPermission() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public Object getTarget() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static ExtensionList<AdministrativeMonitor> all() {
        throw new UnsupportedOperationException("stand-in");
    }
}
