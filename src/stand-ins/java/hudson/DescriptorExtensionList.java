// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson;

import hudson.model.Describable;
import hudson.model.Descriptor;

public class DescriptorExtensionList<T extends Describable<T>, D extends Descriptor<T>> extends ExtensionList<D> {

    protected DescriptorExtensionList() {
    }
}
