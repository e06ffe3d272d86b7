// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

import java.util.List;

public class ParametersDefinitionProperty extends JobProperty<Job<?, ?>> {
    private ParametersDefinitionProperty() {
    }

    public List<ParameterDefinition> getParameterDefinitions() {
        throw new UnsupportedOperationException("stand-in");
    }

    public List<String> getParameterDefinitionNames() {
        throw new UnsupportedOperationException("stand-in");
    }
}
