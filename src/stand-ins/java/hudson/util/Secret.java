// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson.util;

import java.io.Serializable;

/** The stand-in holds the plain text (the real one encrypts it when serialized). */
public final class Secret implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String value;

    private Secret(String value) {
        this.value = value;
    }

    public String getPlainText() {
        return value;
    }

    public String getEncryptedValue() {
        throw new UnsupportedOperationException("stand-in");
    }

    public static Secret fromString(String data) {
        return new Secret(data == null ? "" : data);
    }

    public static String toString(Secret s) {
        return s == null ? "" : s.value;
    }
}
