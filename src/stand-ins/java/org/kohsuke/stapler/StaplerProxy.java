// Compile-only stand-in for org.kohsuke.stapler:stapler (Jenkins 2.462.3); never packaged.
package org.kohsuke.stapler;

public interface StaplerProxy {
    Object getTarget();
}
