// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package jenkins.model;

import hudson.model.ItemGroup;
import hudson.model.TopLevelItem;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.File;

public class Jenkins implements ItemGroup<TopLevelItem>, AccessControlled {
    public static final Permission ADMINISTER = null;
    public static final Permission MANAGE = null;

    protected Jenkins() {
    }

    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("stand-in");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("stand-in");
    }
}
