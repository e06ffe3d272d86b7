// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.model;

import javax.servlet.ServletException;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerResponse;

public abstract class Descriptor<T extends Describable<T>> implements Saveable {

    public final transient Class<? extends T> clazz;

    protected Descriptor(Class<? extends T> clazz) {
        this.clazz = clazz;
    }

    protected Descriptor() {
        this.clazz = null;
    }

    public String getDisplayName() {
        throw new UnsupportedOperationException("stand-in");
    }

    public String getId() {
        throw new UnsupportedOperationException("stand-in");
    }

    public boolean configure(StaplerRequest req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("stand-in");
    }

    public String getConfigPage() {
        throw new UnsupportedOperationException("stand-in");
    }

    public String getGlobalConfigPage() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public synchronized void save() {
        throw new UnsupportedOperationException("stand-in");
    }

    public synchronized void load() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static final class FormException extends Exception implements HttpResponse {

        private static final long serialVersionUID = 1L;

        private final String formField;

        public FormException(String message, String field) {
            super(message);
            this.formField = field;
        }

        public FormException(String message, Throwable cause, String field) {
            super(message, cause);
            this.formField = field;
        }

        public FormException(Throwable cause, String field) {
            super(cause);
            this.formField = field;
        }

        public String getFormField() {
            return formField;
        }

        @Override
        public void generateResponse(StaplerRequest req, StaplerResponse rsp, Object node)
                throws java.io.IOException, ServletException {
            throw new UnsupportedOperationException("stand-in");
        }
    }
}
