package io.jenkins.plugins.statusqueue.events;

import java.util.Locale;

/**
 * A repository on a Git host, as named by a Buildkite pipeline's repository URL.
 *
 * @param host  the host name, lower case, without port
 * @param owner the owner (user or organization)
 * @param name  the repository name without {@code .git}
 */
public record RepositoryRef(String host, String owner, String name) {

    public RepositoryRef {
        host = host.toLowerCase(Locale.ROOT);
    }

    /** {@code owner/name}, as GitHub writes it. */
    public String fullName() {
        return owner + "/" + name;
    }

    @Override
    public String toString() {
        return host + "/" + fullName();
    }
}
