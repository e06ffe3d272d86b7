// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package com.cloudbees.plugins.credentials;

import hudson.ExtensionPoint;
import java.io.Serializable;

public interface Credentials extends ExtensionPoint, Serializable {
}
