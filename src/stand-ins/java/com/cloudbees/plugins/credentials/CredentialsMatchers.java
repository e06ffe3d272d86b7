// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package com.cloudbees.plugins.credentials;

public class CredentialsMatchers {
    private CredentialsMatchers() {
    }

    public static CredentialsMatcher withId(String id) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static CredentialsMatcher instanceOf(Class clazz) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static CredentialsMatcher anyOf(CredentialsMatcher... matchers) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static CredentialsMatcher allOf(CredentialsMatcher... matchers) {
        throw new UnsupportedOperationException("stand-in");
    }

    public static <C extends Credentials> C firstOrNull(Iterable<C> credentials, CredentialsMatcher matcher) {
        throw new UnsupportedOperationException("stand-in");
    }
}
