// Compile-only stand-in for org.kohsuke.stapler:stapler 1872.ve203fa_6b_b_98d; never packaged.
package org.kohsuke.stapler;

import java.io.IOException;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServletResponse;

public interface StaplerResponse extends HttpServletResponse {

    void forwardToPreviousPage(StaplerRequest request) throws ServletException, IOException;

    void sendRedirect2(String url) throws IOException;
}
