// Compile-only stand-in for org.jenkins-ci.plugins:credentials 1384.vf0a_2ed06f9c6; never packaged.
package com.cloudbees.plugins.credentials.common;

public class StandardListBoxModel extends AbstractIdCredentialsListBoxModel<StandardListBoxModel, StandardCredentials> {

    private static final long serialVersionUID = 1L;

    @Override
    protected String describe(StandardCredentials c) {
        throw new UnsupportedOperationException("stand-in");
    }
}
