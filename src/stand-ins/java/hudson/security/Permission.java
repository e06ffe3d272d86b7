// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.security;

public final class Permission {

    public final String name;

    private Permission(String name) {
        this.name = name;
    }

    public String getId() {
        throw new UnsupportedOperationException("stand-in");
    }
}
