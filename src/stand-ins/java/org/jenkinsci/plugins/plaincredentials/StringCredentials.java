// Compile-only stand-in with the real signatures of Jenkins 2.462.3 and its plugins; never packaged.
package org.jenkinsci.plugins.plaincredentials;

import com.cloudbees.plugins.credentials.common.StandardCredentials;
import hudson.util.Secret;

public interface StringCredentials extends StandardCredentials {
    Secret getSecret();
}
