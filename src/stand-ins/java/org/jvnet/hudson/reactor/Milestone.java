// Compile-only stand-in for org.jenkins-ci:task-reactor (the version jenkins-core 2.462.3 uses); never packaged.
package org.jvnet.hudson.reactor;

public interface Milestone {
}
