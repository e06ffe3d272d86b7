// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.model;

import hudson.ExtensionList;
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

    public boolean getRequiresConfirmation() {
        return false;
    }

    public static ExtensionList<ManagementLink> all() {
        throw new UnsupportedOperationException("stand-in");
    }

    public Permission getRequiredPermission() {
        throw new UnsupportedOperationException("stand-in");
    }

    public boolean getRequiresPOST() {
        return false;
    }

    public Category getCategory() {
        return Category.UNCATEGORIZED;
    }

    public enum Category {
        CONFIGURATION, SECURITY, STATUS, TROUBLESHOOTING, TOOLS, MISC, UNCATEGORIZED;

        public String getLabel() {
            throw new UnsupportedOperationException("stand-in");
        }
    }
}
