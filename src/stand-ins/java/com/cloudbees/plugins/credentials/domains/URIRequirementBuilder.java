// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package com.cloudbees.plugins.credentials.domains;

import java.util.List;

public class URIRequirementBuilder {
    private URIRequirementBuilder() {
    }

    public static URIRequirementBuilder fromUri(String uri) {
        throw new UnsupportedOperationException("stand-in");
    }

    public List<DomainRequirement> build() {
        throw new UnsupportedOperationException("stand-in");
    }
}
