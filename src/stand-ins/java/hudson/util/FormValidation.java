// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package hudson.util;

import java.io.IOException;
import org.kohsuke.stapler.HttpResponse;

public abstract class FormValidation extends IOException implements HttpResponse {
    private static final long serialVersionUID = 1L;

    public static FormValidation ok() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static FormValidation ok(String message) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static FormValidation warning(String message) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static FormValidation error(String message) {
        throw new UnsupportedOperationException("stand-in");
    }
}
