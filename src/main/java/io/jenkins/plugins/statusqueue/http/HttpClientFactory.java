package io.jenkins.plugins.statusqueue.http;

import okhttp3.OkHttpClient;

/**
 * Where the plugin's OkHttp clients come from. In Jenkins it is {@code JenkinsOkHttpClient::newClientBuilder} (the
 * okhttp-api plugin), whose builder applies the administrator's proxy, its "No Proxy Host" patterns and proxy login
 * on every request; without Jenkins (tests, sandbox, benchmark) {@link #DIRECT}. The plain logic never names Jenkins.
 */
@FunctionalInterface
public interface HttpClientFactory {

    /** A client builder sharing {@code base}'s settings, with the network route this factory stands for. */
    OkHttpClient.Builder newClientBuilder(OkHttpClient base);

    /** Straight to the server (or the JVM's proxy selector), as OkHttp does by default. */
    HttpClientFactory DIRECT = OkHttpClient::newBuilder;
}
