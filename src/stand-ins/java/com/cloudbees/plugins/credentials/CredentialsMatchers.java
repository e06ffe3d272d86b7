// Compile-only stand-in for org.jenkins-ci.plugins:credentials 1384.vf0a_2ed06f9c6; never packaged.
package com.cloudbees.plugins.credentials;

public class CredentialsMatchers {

    private CredentialsMatchers() {
    }

    public static CredentialsMatcher always() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static CredentialsMatcher withId(String id) {
        throw new UnsupportedOperationException("stand-in");
    }

    @SuppressWarnings("rawtypes")
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
