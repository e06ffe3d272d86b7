// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

import java.io.Serializable;

public abstract class ParameterValue implements Serializable {
    private static final long serialVersionUID = 1L;

    protected ParameterValue(String name) {
    }
}
