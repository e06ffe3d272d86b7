// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package com.cloudbees.plugins.credentials.common;

import hudson.util.Secret;

public interface StandardUsernamePasswordCredentials extends StandardCredentials {
    String getUsername();

    Secret getPassword();
}
