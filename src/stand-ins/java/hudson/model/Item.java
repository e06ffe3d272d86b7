// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.model;

import hudson.security.AccessControlled;
import hudson.security.Permission;

public interface Item extends ModelObject, AccessControlled {

    Permission CREATE = null;
    Permission DELETE = null;
    Permission CONFIGURE = null;
    Permission READ = null;
    Permission DISCOVER = null;
    Permission EXTENDED_READ = null;
    Permission BUILD = null;
    Permission WORKSPACE = null;
    Permission CANCEL = null;

    ItemGroup<? extends Item> getParent();

    String getName();

    String getFullName();

    String getFullDisplayName();
}
