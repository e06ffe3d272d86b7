// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package hudson.util;

import java.util.ArrayList;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest;
import org.kohsuke.stapler.StaplerResponse;

public class ListBoxModel extends ArrayList<ListBoxModel.Option> implements HttpResponse {
    private static final long serialVersionUID = 1L;

    public ListBoxModel() {
    }

    @Override
    public void generateResponse(StaplerRequest req, StaplerResponse rsp, Object node) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static final class Option {
        public Option(String name, String value) {
        }
    }
}
