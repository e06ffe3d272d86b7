// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package hudson.security;

public final class Permission {
    private Permission() {
    }
}
