// Compile-only stand-in for io.jenkins.plugins:okhttp-api 4.11.0-172.vda_da_1feeb_c6e; never packaged.
package io.jenkins.plugins.okhttp.api;

import okhttp3.OkHttpClient;

public class JenkinsOkHttpClient {

    private JenkinsOkHttpClient() {
    }

    /** The real one applies {@code Jenkins.get().proxy}: its proxy selector, "No Proxy Host" and proxy login. */
    public static OkHttpClient.Builder newClientBuilder(OkHttpClient httpClient) {
        throw new UnsupportedOperationException("stand-in");
    }
}
