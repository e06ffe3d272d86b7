// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package hudson.model;

import hudson.ExtensionPoint;

public abstract class PeriodicWork implements ExtensionPoint {
    public abstract long getRecurrencePeriod();

    public long getInitialDelay() {
        throw new UnsupportedOperationException("stand-in");
    }
}
