// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.init;

import org.jvnet.hudson.reactor.Milestone;

public enum InitMilestone implements Milestone {
    STARTED,
    PLUGINS_LISTED,
    PLUGINS_PREPARED,
    PLUGINS_STARTED,
    EXTENSIONS_AUGMENTED,
    SYSTEM_CONFIG_LOADED,
    SYSTEM_CONFIG_ADAPTED,
    JOB_LOADED,
    JOB_CONFIG_ADAPTED,
    COMPLETED
}
