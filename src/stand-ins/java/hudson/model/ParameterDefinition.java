// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

import hudson.ExtensionPoint;
import java.io.Serializable;

public abstract class ParameterDefinition implements Describable<ParameterDefinition>, ExtensionPoint, Serializable {
    private static final long serialVersionUID = 1L;

    protected ParameterDefinition(String name) {
    }

    public String getName() {
        throw new UnsupportedOperationException("stand-in");
    }

    public ParameterValue getDefaultParameterValue() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public ParameterDescriptor getDescriptor() {
        throw new UnsupportedOperationException("stand-in");
    }

    public abstract static class ParameterDescriptor extends Descriptor<ParameterDefinition> {
        protected ParameterDescriptor() {
        }
    }

    public boolean isValid(ParameterValue value) {
        throw new UnsupportedOperationException("stand-in");
    }
}
