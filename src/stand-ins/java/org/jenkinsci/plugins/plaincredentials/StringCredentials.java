// Compile-only stand-in for org.jenkins-ci.plugins:plain-credentials 183.va_de8f1dd5a_2b_; never packaged.
package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;

public interface StringCredentials extends StandardCredentials {
    Secret getSecret();
}
