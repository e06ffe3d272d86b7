// Compile-only stand-in with the real signatures of Jenkins 2.462.3; never packaged.
package hudson;

import java.util.TreeMap;

public class EnvVars extends TreeMap<String, String> {
    private static final long serialVersionUID = 1L;
}
