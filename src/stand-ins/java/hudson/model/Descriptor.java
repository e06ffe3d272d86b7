// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package hudson.model;

import net.sf.json.JSONObject;
import org.kohsuke.stapler.StaplerRequest;

public abstract class Descriptor<T extends Describable<T>> implements Saveable {
    protected Descriptor() {
    }

    protected Descriptor(Class<? extends T> clazz) {
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("stand-in");
    }

    public boolean configure(StaplerRequest req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("stand-in");
    }

    public synchronized void load() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public synchronized void save() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static final class FormException extends Exception {
        public FormException(String message, String formField) {
            super(message);
        }
    }
}
