// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package hudson.model;

public interface Describable<T extends Describable<T>> {
    Descriptor<T> getDescriptor();
}
