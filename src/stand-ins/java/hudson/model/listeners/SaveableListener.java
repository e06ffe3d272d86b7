// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.model.listeners;

import hudson.ExtensionPoint;
import hudson.XmlFile;
import hudson.model.Saveable;

public abstract class SaveableListener implements ExtensionPoint {

    public void onChange(Saveable o, XmlFile file) {
    }

    public static void fireOnChange(Saveable o, XmlFile file) {
    }
}
