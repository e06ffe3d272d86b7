// Compile-only stand-in for org.kohsuke.stapler:stapler 1872.ve203fa_6b_b_98d; never packaged.
package org.kohsuke.stapler;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServletRequest;
import net.sf.json.JSONObject;

public interface StaplerRequest extends HttpServletRequest {

    void bindJSON(Object bean, JSONObject src);

    <T> T bindJSON(Class<T> type, JSONObject src);

    JSONObject getSubmittedForm() throws ServletException;

    <T> T findAncestorObject(Class<T> type);
}
