// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

public abstract class Cause {
    protected Cause() {
    }

    public abstract String getShortDescription();
}
