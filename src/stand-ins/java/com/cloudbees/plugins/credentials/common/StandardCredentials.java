// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package com.cloudbees.plugins.credentials.common;

public interface StandardCredentials extends IdCredentials {
    String getDescription();
}
