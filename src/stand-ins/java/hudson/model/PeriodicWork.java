// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.model;

import hudson.ExtensionList;
import hudson.ExtensionPoint;
import hudson.triggers.SafeTimerTask;
import java.util.logging.Logger;

public abstract class PeriodicWork extends SafeTimerTask implements ExtensionPoint {

    /** @deprecated as in Jenkins: use your own logger. */
    @Deprecated
    protected final Logger logger = Logger.getLogger(getClass().getName());

    protected static final long MIN = 1000 * 60;
    protected static final long HOUR = 60 * MIN;
    protected static final long DAY = 24 * HOUR;

    public abstract long getRecurrencePeriod();

    public long getInitialDelay() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static ExtensionList<PeriodicWork> all() {
        throw new UnsupportedOperationException("stand-in");
    }
}
