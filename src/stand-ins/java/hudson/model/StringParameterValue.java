// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

public class StringParameterValue extends ParameterValue {
    private static final long serialVersionUID = 1L;

    public StringParameterValue(String name, String value) {
        super(name);
    }
}
