// Compile-only stand-in for org.kohsuke.stapler:stapler 1872.ve203fa_6b_b_98d; never packaged.
package org.kohsuke.stapler;

import java.io.IOException;
import javax.servlet.ServletException;

public final class HttpRedirect extends RuntimeException implements HttpResponse {

    private static final long serialVersionUID = 1L;

    public HttpRedirect(String url) {
    }

    @Override
    public void generateResponse(StaplerRequest req, StaplerResponse rsp, Object node)
            throws IOException, ServletException {
        throw new UnsupportedOperationException("stand-in");
    }
}
