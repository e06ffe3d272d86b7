package io.jenkins.plugins.statusqueue.github;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.Urls;
import java.net.URI;
import java.util.Locale;

/** Checks and reads the GitHub Enterprise API URL an administrator enters. */
public final class GitHubApiUrls {

    private static final String GITHUB_COM_API = "api.github.com";

    private GitHubApiUrls() {
    }

    /** Whether the URL can work: https (http only on this machine, for tests), and the GHE {@code /api/v3} path. */
    public static FieldCheck check(String apiUrl) {
        Urls.Parsed parsed = Urls.parse(apiUrl, "https://ghe.example.com/api/v3", "the token");
        if (parsed.problem() != null) {
            return parsed.problem();
        }
        URI uri = parsed.uri();
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (uri.getHost().equalsIgnoreCase(GITHUB_COM_API)) {
            return path.isEmpty() ? FieldCheck.ok() : FieldCheck.warning("github.com's API has no path: https://api.github.com");
        }
        if (!path.endsWith("/api/v3")) {
            return FieldCheck.warning("GitHub Enterprise serves its API under /api/v3: did you mean "
                    + uri.getScheme() + "://" + uri.getRawAuthority() + "/api/v3 ?");
        }
        return FieldCheck.ok();
    }

    /**
     * The host whose repositories get statuses: the API URL's host, except that {@code api.github.com} serves
     * repositories on {@code github.com}.
     */
    public static String host(String apiUrl) {
        String host = URI.create(Urls.normalize(apiUrl)).getHost().toLowerCase(Locale.ROOT);
        return host.equals(GITHUB_COM_API) ? "github.com" : host;
    }
}
