package io.jenkins.plugins.statusqueue.plugin.settings;

import hudson.ProxyConfiguration;
import hudson.util.Secret;
import io.jenkins.plugins.okhttp.api.JenkinsOkHttpClient;
import io.jenkins.plugins.statusqueue.config.Fingerprint;
import io.jenkins.plugins.statusqueue.github.GitHubStatusSink;
import io.jenkins.plugins.statusqueue.http.HttpClientFactory;
import io.jenkins.plugins.statusqueue.queue.HttpProxy;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import jenkins.model.Jenkins;

/**
 * How the plugin reaches the network from Jenkins: through the administrator's HTTP proxy configuration (Manage
 * Jenkins > Plugins > Advanced), "No Proxy Host" and proxy login included.
 */
public final class JenkinsNetwork {

    /**
     * OkHttp clients from the okhttp-api plugin: Jenkins' proxy, "No Proxy Host" and proxy login. The builder takes
     * the proxy configuration as it is when the client is made: include {@link #proxyFingerprint()} in what decides
     * when to make a new one.
     */
    public static final HttpClientFactory HTTP = JenkinsOkHttpClient::newClientBuilder;

    private JenkinsNetwork() {
    }

    /**
     * The proxy Jenkins' configuration gives for {@code host} (as the ec2 plugin asks it), {@code null} for none: no
     * proxy configured, or the host matches "No Proxy Host". Read when a client is made.
     */
    public static HttpProxy proxyFor(String host) {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        ProxyConfiguration configuration = jenkins == null ? null : jenkins.proxy;
        if (configuration == null || configuration.name == null || configuration.name.isBlank()) {
            return null;
        }
        Proxy proxy = configuration.createProxy(host);
        if (proxy.type() != Proxy.Type.HTTP || !(proxy.address() instanceof InetSocketAddress address)) {
            return null;
        }
        return new HttpProxy(address.getHostString(), address.getPort(), configuration.getUserName(),
                Secret.toString(configuration.getSecretPassword()));
    }

    /** Jenkins' whole proxy configuration as it is now, hashed: it changes whenever a client must be made anew. */
    public static String proxyFingerprint() {
        Jenkins jenkins = Jenkins.getInstanceOrNull();
        ProxyConfiguration configuration = jenkins == null ? null : jenkins.proxy;
        if (configuration == null) {
            return "no proxy";
        }
        return Fingerprint.of(String.valueOf(configuration.name), Integer.toString(configuration.port),
                String.valueOf(configuration.getUserName()), Secret.toString(configuration.getSecretPassword()),
                String.valueOf(configuration.noProxyHost));
    }

    /** Whether a GitHub API URL answers as the API, asked without a token through Jenkins' proxy. */
    public static boolean answersAsApi(String apiUrl) {
        return GitHubStatusSink.answersAsApi(HTTP, apiUrl);
    }

    /** The host of an http(s) URL, for {@link #proxyFor}; blank when it has none. */
    public static String hostOf(String url) {
        try {
            String host = URI.create(url.trim()).getHost();
            return host == null ? "" : host;
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
