// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.model;

public abstract class AbstractDescribableImpl<T extends AbstractDescribableImpl<T>> implements Describable<T> {

    @Override
    public Descriptor<T> getDescriptor() {
        throw new UnsupportedOperationException("stand-in");
    }
}
