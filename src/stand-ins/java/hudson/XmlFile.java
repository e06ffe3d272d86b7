// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson;

import java.io.File;

public final class XmlFile {

    public XmlFile(File file) {
    }

    public File getFile() {
        return null;
    }
}
