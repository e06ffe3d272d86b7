// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package jenkins.model;

import hudson.DescriptorExtensionList;
import hudson.ExtensionList;
import hudson.model.Describable;
import hudson.model.Descriptor;
import hudson.model.ItemGroup;
import hudson.model.Queue;
import hudson.model.TopLevelItem;
import hudson.security.ACL;
import hudson.security.AccessControlled;
import hudson.security.Permission;
import java.io.File;
import org.springframework.security.core.Authentication;

public class Jenkins implements ItemGroup<TopLevelItem>, AccessControlled {

    public static final Permission ADMINISTER = null;
    public static final Permission MANAGE = null;
    public static final Permission READ = null;
    public static final Permission SYSTEM_READ = null;

    private Jenkins() {
    }

    public static Jenkins get() throws IllegalStateException {
        throw new UnsupportedOperationException("stand-in");
    }

    public static Jenkins getInstanceOrNull() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static Authentication getAuthentication2() {
        throw new UnsupportedOperationException("stand-in");
    }

    public Queue getQueue() {
        throw new UnsupportedOperationException("stand-in");
    }

    public File getRootDir() {
        throw new UnsupportedOperationException("stand-in");
    }

    public String getRootUrl() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public ACL getACL() {
        throw new UnsupportedOperationException("stand-in");
    }

    @SuppressWarnings("rawtypes")
    public Descriptor getDescriptorOrDie(Class<? extends Describable> type) {
        throw new UnsupportedOperationException("stand-in");
    }

    public <T extends Describable<T>, D extends Descriptor<T>> DescriptorExtensionList<T, D> getDescriptorList(
            Class<T> type) {
        throw new UnsupportedOperationException("stand-in");
    }

    public <T> ExtensionList<T> getExtensionList(Class<T> extensionType) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public String getDisplayName() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public String getFullName() {
        return "";
    }

    @Override
    public String getFullDisplayName() {
        return "";
    }
}
