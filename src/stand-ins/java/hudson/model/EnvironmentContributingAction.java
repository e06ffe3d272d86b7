// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

import hudson.EnvVars;

public interface EnvironmentContributingAction extends Action {
    default void buildEnvironment(Run<?, ?> run, EnvVars env) {
        throw new UnsupportedOperationException("stand-in");
    }
}
