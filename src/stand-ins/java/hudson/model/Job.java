// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> implements Item {
    protected Job() {
    }

    public String getFullName() {
        throw new UnsupportedOperationException("stand-in");
    }

    public <T extends JobProperty> T getProperty(Class<T> clazz) {
        throw new UnsupportedOperationException("stand-in");
    }
}
