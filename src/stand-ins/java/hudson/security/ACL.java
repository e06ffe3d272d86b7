// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.security;

import org.springframework.security.core.Authentication;

public abstract class ACL {

    public static final Authentication SYSTEM2 = null;

    public final void checkPermission(Permission p) {
        throw new UnsupportedOperationException("stand-in");
    }

    public final boolean hasPermission(Permission p) {
        throw new UnsupportedOperationException("stand-in");
    }

    public abstract boolean hasPermission2(Authentication a, Permission permission);
}
