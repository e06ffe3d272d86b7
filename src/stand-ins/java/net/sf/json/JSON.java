// Compile-only stand-in for org.kohsuke.stapler:json-lib 2.4-jenkins (bundled by Jenkins core); never packaged.
package net.sf.json;

import java.io.Serializable;

public interface JSON extends Serializable {
}
