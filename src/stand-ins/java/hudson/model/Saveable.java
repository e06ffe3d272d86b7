// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.model;

import java.io.IOException;

public interface Saveable {
    void save() throws IOException;
}
