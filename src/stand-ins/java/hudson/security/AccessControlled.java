// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package hudson.security;

public interface AccessControlled {
    default void checkPermission(Permission permission) {
        throw new UnsupportedOperationException("stand-in");
    }

    default boolean hasPermission(Permission permission) {
        throw new UnsupportedOperationException("stand-in");
    }
}
