// Compile-only stand-in for org.jenkins-ci.plugins:credentials 1384.vf0a_2ed06f9c6; never packaged.
package com.cloudbees.plugins.credentials.common;

import com.cloudbees.plugins.credentials.Credentials;
import hudson.util.Secret;

public interface PasswordCredentials extends Credentials {
    Secret getPassword();
}
