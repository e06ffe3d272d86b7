// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.util;

import java.io.IOException;
import javax.servlet.ServletException;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerResponse;

/** The stand-in keeps kind and message so that unit tests can assert on verdicts. */
public abstract class FormValidation extends IOException implements HttpResponse {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        OK, WARNING, ERROR
    }

    public final Kind kind;

    private FormValidation(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public static FormValidation ok() {
        return respond(Kind.OK, null);
    }

    public static FormValidation ok(String message) {
        return respond(Kind.OK, message);
    }

    public static FormValidation warning(String message) {
        return respond(Kind.WARNING, message);
    }

    public static FormValidation error(String message) {
        return respond(Kind.ERROR, message);
    }

    public static FormValidation error(Throwable e, String message) {
        return respond(Kind.ERROR, message);
    }

    private static FormValidation respond(Kind kind, String message) {
        return new FormValidation(kind, message) {
            private static final long serialVersionUID = 1L;

            @Override
            public String renderHtml() {
                throw new UnsupportedOperationException("stand-in");
            }
        };
    }

    public abstract String renderHtml();

    @Override
    public void generateResponse(StaplerRequest req, StaplerResponse rsp, Object node)
            throws IOException, ServletException {
        throw new UnsupportedOperationException("stand-in");
    }
}
