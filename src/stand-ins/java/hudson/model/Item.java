// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package hudson.model;

import hudson.security.AccessControlled;

public interface Item extends ModelObject, AccessControlled {
}
