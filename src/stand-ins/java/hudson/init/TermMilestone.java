// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.init;

import org.jvnet.hudson.reactor.Milestone;

public enum TermMilestone implements Milestone {
    STARTED,
    COMPLETED
}
