package io.jenkins.plugins.statusqueue.events;

import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Parses the repository URL of a Buildkite pipeline into host, owner and name. */
public final class RepositoryUrls {

    /** {@code git@host:owner/repo.git}: scp-like syntax, no scheme, a colon before the path. */
    private static final Pattern SCP_LIKE = Pattern.compile("^(?:[^@/\\s]+@)?([^:/\\s]+):/?([^\\s]+)$");
    /** {@code ssh://git@host:port/owner/repo.git}, {@code https://host/owner/repo}, {@code git://...}. */
    private static final Pattern WITH_SCHEME = Pattern.compile(
            "^(?i:ssh|https?|git|git\\+ssh)://(?:[^@/\\s]+@)?([^:/\\s]+)(?::\\d+)?/([^\\s]+)$");
    private static final Pattern OWNER_AND_NAME = Pattern.compile("^([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+?)(?:\\.git)?/?$");

    /** Names that only look like a repository: {@code https://host/owner/.git} has none. */
    private static final Set<String> RESERVED_NAMES = Set.of(".", "..", ".git");

    private RepositoryUrls() {
    }

    /**
     * Parses a repository URL.
     *
     * @throws IllegalArgumentException when the URL is not one of the recognised forms or not owner/name
     */
    public static RepositoryRef parse(String url) {
        String trimmed = url == null ? "" : url.trim();
        Matcher matcher = WITH_SCHEME.matcher(trimmed);
        if (!matcher.matches()) {
            matcher = trimmed.contains("://") ? null : SCP_LIKE.matcher(trimmed);
            if (matcher == null || !matcher.matches()) {
                throw new IllegalArgumentException("unrecognised repository URL '" + Texts.abbreviate(url, 200) + "'");
            }
        }
        Matcher path = OWNER_AND_NAME.matcher(matcher.group(2));
        if (!path.matches() || RESERVED_NAMES.contains(path.group(2))) {
            throw new IllegalArgumentException("repository URL '" + Texts.abbreviate(url, 200)
                    + "' does not name owner/repository");
        }
        String problem = GitHubNames.problem(path.group(1), path.group(2));
        if (problem != null) {
            throw new IllegalArgumentException("repository URL '" + Texts.abbreviate(url, 200) + "': " + problem);
        }
        return new RepositoryRef(matcher.group(1), path.group(1), path.group(2));
    }
}
