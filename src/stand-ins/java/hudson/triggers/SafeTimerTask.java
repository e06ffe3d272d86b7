// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.triggers;

import java.util.TimerTask;

public abstract class SafeTimerTask extends TimerTask {

    protected SafeTimerTask() {
    }

    @Override
    public final void run() {
        throw new UnsupportedOperationException("stand-in");
    }

    protected abstract void doRun() throws Exception;
}
