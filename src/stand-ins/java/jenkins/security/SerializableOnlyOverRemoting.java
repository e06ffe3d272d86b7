// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package jenkins.security;

import java.io.Serializable;

public interface SerializableOnlyOverRemoting extends Serializable {
}
