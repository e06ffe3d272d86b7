// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package jenkins.model;

import hudson.model.Action;
import hudson.model.Item;
import hudson.model.Job;
import hudson.model.Queue;
import hudson.model.Run;

public abstract class ParameterizedJobMixIn {
    protected ParameterizedJobMixIn() {
    }

    public interface ParameterizedJob<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> extends Item {
        default boolean isDisabled() {
            throw new UnsupportedOperationException("stand-in");
        }
    }

    public static Queue.Item scheduleBuild2(Job<?, ?> job, int quietPeriod, Action... actions) {
        throw new UnsupportedOperationException("stand-in");
    }
}
