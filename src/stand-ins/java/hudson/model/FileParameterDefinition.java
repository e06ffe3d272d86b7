// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson.model;

public class FileParameterDefinition extends ParameterDefinition {
    private static final long serialVersionUID = 1L;

    private FileParameterDefinition() {
        super(null);
    }
}
