// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

public abstract class SimpleParameterDefinition extends ParameterDefinition {
    private static final long serialVersionUID = 1L;

    protected SimpleParameterDefinition(String name) {
        super(name);
    }

    public abstract ParameterValue createValue(String value);
}
