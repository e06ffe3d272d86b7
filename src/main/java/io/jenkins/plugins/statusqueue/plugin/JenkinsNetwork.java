package io.jenkins.plugins.statusqueue.plugin;

import io.jenkins.plugins.okhttp.api.JenkinsOkHttpClient;
import io.jenkins.plugins.statusqueue.http.HttpClientFactory;

/** How the plugin reaches the network from Jenkins: through the administrator's HTTP proxy configuration. */
public final class JenkinsNetwork {

    /**
     * OkHttp clients from the okhttp-api plugin: Jenkins' proxy, "No Proxy Host" and proxy login, read per request,
     * so a change applies without a restart.
     */
    public static final HttpClientFactory HTTP = JenkinsOkHttpClient::newClientBuilder;

    private JenkinsNetwork() {
    }
}
