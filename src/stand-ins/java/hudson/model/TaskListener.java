// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.model;

import java.io.PrintStream;
import java.io.PrintWriter;
import jenkins.security.SerializableOnlyOverRemoting;

public interface TaskListener extends SerializableOnlyOverRemoting {

    PrintStream getLogger();

    default PrintWriter error(String msg) {
        throw new UnsupportedOperationException("stand-in");
    }

    default PrintWriter error(String format, Object... args) {
        throw new UnsupportedOperationException("stand-in");
    }

    default PrintWriter fatalError(String msg) {
        throw new UnsupportedOperationException("stand-in");
    }

    default PrintWriter fatalError(String format, Object... args) {
        throw new UnsupportedOperationException("stand-in");
    }
}
