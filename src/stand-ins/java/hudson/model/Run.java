// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    protected Run() {
    }
}
