// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

public class RunParameterDefinition extends SimpleParameterDefinition {
    private static final long serialVersionUID = 1L;

    private RunParameterDefinition() {
        super(null);
    }

    @Override
    public ParameterValue createValue(String value) {
        throw new UnsupportedOperationException("stand-in");
    }
}
