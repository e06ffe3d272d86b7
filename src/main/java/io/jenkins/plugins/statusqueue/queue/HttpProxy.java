package io.jenkins.plugins.statusqueue.queue;

import com.amazonaws.ClientConfiguration;

/**
 * The HTTP proxy an AWS SDK client goes through, as Jenkins' proxy configuration gives it for the client's host
 * (the ec2 plugin's way): the SDK asks for no proxy of its own then, whatever the JVM's proxy properties say.
 *
 * @param host     the proxy's host
 * @param port     its port
 * @param username the proxy login, {@code null} for none
 * @param password its password, {@code null} for none
 */
public record HttpProxy(String host, int port, String username, String password) {

    /** Sets this proxy on an SDK client's configuration; {@code null} leaves it as it is. */
    static ClientConfiguration apply(HttpProxy proxy, ClientConfiguration configuration) {
        if (proxy == null) {
            return configuration;
        }
        configuration.withProxyHost(proxy.host()).withProxyPort(proxy.port());
        if (proxy.username() != null && !proxy.username().isEmpty()) {
            configuration.withProxyUsername(proxy.username()).withProxyPassword(proxy.password());
        }
        return configuration;
    }

    /** Never the password. */
    @Override
    public String toString() {
        return "proxy " + host + ":" + port + (username == null || username.isEmpty() ? "" : " as " + username);
    }
}
