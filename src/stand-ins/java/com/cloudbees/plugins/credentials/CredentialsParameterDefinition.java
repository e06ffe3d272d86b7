// Compile-only stand-in with the real signatures of credentials 1384.vf0a_2ed06f9c6; never packaged.
package com.cloudbees.plugins.credentials;

import hudson.model.ParameterValue;
import hudson.model.SimpleParameterDefinition;

public class CredentialsParameterDefinition extends SimpleParameterDefinition {
    private static final long serialVersionUID = 1L;

    private CredentialsParameterDefinition() {
        super(null);
    }

    @Override
    public ParameterValue createValue(String value) {
        throw new UnsupportedOperationException("stand-in");
    }
}
