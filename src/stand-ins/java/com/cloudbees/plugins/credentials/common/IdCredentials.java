// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;

public interface IdCredentials extends Credentials {
    String getId();
}
