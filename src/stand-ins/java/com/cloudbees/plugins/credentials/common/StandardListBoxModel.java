// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package com.cloudbees.plugins.credentials.common;

public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {
    private static final long serialVersionUID = 1L;
}
