// Compile-only stand-in for org.jenkins-ci.main:jenkins-core 2.462.3; never packaged.
package hudson;

import hudson.model.AbstractDescribableImpl;
import hudson.model.Saveable;
import hudson.util.Secret;
import java.io.Serializable;
import java.net.Proxy;

public final class ProxyConfiguration extends AbstractDescribableImpl<ProxyConfiguration>
        implements Saveable, Serializable {

    private static final long serialVersionUID = 1L;

    public final String name;
    public final int port;
    public final String noProxyHost;

    public ProxyConfiguration(String name, int port, String userName, String password, String noProxyHost) {
        throw new UnsupportedOperationException("stand-in");
    }

    public String getUserName() {
        throw new UnsupportedOperationException("stand-in");
    }

    public Secret getSecretPassword() {
        throw new UnsupportedOperationException("stand-in");
    }

    /** The real one answers {@code Proxy.NO_PROXY} when the host matches a "No Proxy Host" pattern. */
    public Proxy createProxy(String host) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public void save() {
        throw new UnsupportedOperationException("stand-in");
    }
}
