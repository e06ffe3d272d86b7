// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

public class CauseAction implements Action {
    public CauseAction(Cause c) {
    }

    @Override
    public String getIconFileName() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public String getUrlName() {
        throw new UnsupportedOperationException("stand-in");
    }
}
