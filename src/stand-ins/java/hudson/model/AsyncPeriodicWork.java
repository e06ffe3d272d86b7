// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package hudson.model;

import java.io.IOException;

public abstract class AsyncPeriodicWork extends PeriodicWork {
    public final String name;

    protected AsyncPeriodicWork(String name) {
        this.name = name;
    }

    protected abstract void execute(TaskListener listener) throws IOException, InterruptedException;
}
