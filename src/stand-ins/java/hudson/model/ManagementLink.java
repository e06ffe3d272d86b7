// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package hudson.model;

import hudson.ExtensionPoint;
import hudson.security.Permission;

public abstract class ManagementLink implements ExtensionPoint, Action {
    @Override
    public abstract String getIconFileName();

    public String getDescription() {
        return "";
    }

    @Override
    public abstract String getUrlName();

    public Permission getRequiredPermission() {
        throw new UnsupportedOperationException("stand-in");
    }

    public Category getCategory() {
        throw new UnsupportedOperationException("stand-in");
    }

    public enum Category {
        CONFIGURATION, SECURITY, STATUS, TROUBLESHOOTING, TOOLS, MISC, UNCATEGORIZED
    }
}
