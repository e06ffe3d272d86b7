// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged. The real class implements
// SearchableModelObject; only ModelObject's part is used here.
package hudson.model;

public abstract class AbstractModelObject implements ModelObject {
}
