package io.jenkins.plugins.statusqueue.github;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks and reads the GitHub Enterprise API URL an administrator enters. */
public final class GitHubApiUrls {

    private static final String GITHUB_COM_API = "api.github.com";

    private GitHubApiUrls() {
    }

    /** Whether the URL can work: https (http only on this machine, for tests), and the GHE {@code /api/v3} path. */
    public static FieldCheck check(String apiUrl) {
        if (apiUrl == null || apiUrl.isBlank()) {
            return FieldCheck.error("Enter the API URL of GitHub Enterprise, for example https://ghe.example.com/api/v3");
        }
        URI uri;
        try {
            uri = new URI(Urls.normalize(apiUrl));
        } catch (URISyntaxException e) {
            return FieldCheck.error("Not a URL: " + e.getReason());
        }
        if (uri.getHost() == null || !uri.isAbsolute()) {
            return FieldCheck.error("Not an absolute URL with a host, for example https://ghe.example.com/api/v3");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("http") && !Urls.isLoopback(uri.getHost())) {
            return FieldCheck.error("Use https: the token would travel in clear text over http");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            return FieldCheck.error("Use an https URL");
        }
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
