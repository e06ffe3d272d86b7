// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package org.kohsuke.stapler;

import java.io.IOException;
import javax.servlet.ServletException;

public interface HttpResponse {
    void generateResponse(StaplerRequest req, StaplerResponse rsp, Object node) throws IOException, ServletException;
}
