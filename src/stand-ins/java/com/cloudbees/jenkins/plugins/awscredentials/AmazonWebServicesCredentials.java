// Compile-only stand-in for org.jenkins-ci.plugins:aws-credentials 231.v08a_59f17d742; never packaged.
package com.cloudbees.jenkins.plugins.awscredentials;

import com.amazonaws.auth.AWSCredentials;
import com.amazonaws.auth.AWSCredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardCredentials;

public interface AmazonWebServicesCredentials extends StandardCredentials, AWSCredentialsProvider {

    long serialVersionUID = -8931505925778535681L;

    String getDisplayName();

    AWSCredentials getCredentials(String mfaToken);
}
