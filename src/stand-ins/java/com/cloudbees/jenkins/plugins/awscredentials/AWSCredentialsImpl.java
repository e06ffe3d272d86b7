// Compile-only stand-in for org.jenkins-ci.plugins:aws-credentials 231.v08a_59f17d742; never packaged.
package com.cloudbees.jenkins.plugins.awscredentials;

import com.amazonaws.auth.AWSCredentials;
import hudson.util.Secret;

/** The real one extends BaseAmazonWebServicesCredentials (a BaseStandardCredentials); only what is used is here. */
public abstract class AWSCredentialsImpl implements AmazonWebServicesCredentials {

    private static final long serialVersionUID = -3167989896315282034L;

    public String getAccessKey() {
        throw new UnsupportedOperationException("stand-in");
    }

    public Secret getSecretKey() {
        throw new UnsupportedOperationException("stand-in");
    }

    public String getIamRoleArn() {
        throw new UnsupportedOperationException("stand-in");
    }

    public String getIamExternalId() {
        throw new UnsupportedOperationException("stand-in");
    }

    public String getIamMfaSerialNumber() {
        throw new UnsupportedOperationException("stand-in");
    }

    public Integer getStsTokenDuration() {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public AWSCredentials getCredentials() {
        throw new UnsupportedOperationException("stand-in");
    }
}
