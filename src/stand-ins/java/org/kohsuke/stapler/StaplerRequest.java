// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package org.kohsuke.stapler;

import javax.servlet.http.HttpServletRequest;
import net.sf.json.JSONObject;

public interface StaplerRequest extends HttpServletRequest {
    void bindJSON(Object bean, JSONObject src);
}
