// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package hudson.util;

import java.io.Serializable;

public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private Secret() {
    }

    public String getPlainText() {
        throw new UnsupportedOperationException("stand-in");
    }
}
