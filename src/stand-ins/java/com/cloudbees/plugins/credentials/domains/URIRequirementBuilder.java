// Compile-only stand-in for org.jenkins-ci.plugins:credentials 1384.vf0a_2ed06f9c6; never packaged.
package com.cloudbees.plugins.credentials.domains;

import java.util.List;

public class URIRequirementBuilder {

    private URIRequirementBuilder() {
    }

    public static URIRequirementBuilder create() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static URIRequirementBuilder fromUri(String uri) {
        throw new UnsupportedOperationException("stand-in");
    }

    public List<DomainRequirement> build() {
        throw new UnsupportedOperationException("stand-in");
    }
}
