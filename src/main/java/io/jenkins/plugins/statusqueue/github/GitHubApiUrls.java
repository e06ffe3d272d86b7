package io.jenkins.plugins.statusqueue.github;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;

/** Checks and reads the GitHub API URL an administrator configures. */
public final class GitHubApiUrls {

    public static final String GITHUB_COM_API = "https://api.github.com";
    private static final String GHE_API_PATH = "/api/v3";

    private GitHubApiUrls() {
    }

    /** The URL trimmed, without trailing slashes; {@code null} stays {@code null}. */
    public static String normalize(String apiUrl) {
        if (apiUrl == null) {
            return null;
        }
        String url = apiUrl.trim();
        while (url.endsWith("/")) {
            url = url.substring(0, url.length() - 1);
        }
        return url;
    }

    /**
     * The verdict on a configured API URL: https (plain http only on this machine, for tests), no credentials or
     * query in it, {@code https://api.github.com} for github.com, and the {@code /api/v3} path GitHub Enterprise Server
     * serves its REST API under.
     */
    public static FieldCheck check(String apiUrl) {
        String url = normalize(apiUrl);
        if (url == null || url.isEmpty()) {
            return FieldCheck.error("Required: the GitHub Enterprise API URL, for example https://github.example.com"
                    + GHE_API_PATH);
        }
        URI uri = parse(url);
        if (uri == null || uri.getScheme() == null || uri.getHost() == null) {
            return FieldCheck.error("Not a URL: expected something like https://github.example.com" + GHE_API_PATH);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) {
            return FieldCheck.error("Use an https:// URL, not " + scheme + "://");
        }
        if (uri.getRawUserInfo() != null) {
            return FieldCheck.error("Do not put credentials in the URL; choose a token credential instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return FieldCheck.error("The API URL takes no query or fragment");
        }
        if (scheme.equals("http") && !isLoopback(host)) {
            return FieldCheck.error("Use https://: over plain http the token would travel unencrypted");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (host.equals("github.com") || host.equals("www.github.com")) {
            return FieldCheck.error("For github.com use " + GITHUB_COM_API);
        }
        if (host.equals("api.github.com") || isGheCloudApi(host)) {
            return path.isEmpty() ? FieldCheck.ok()
                    : FieldCheck.warning(host + " serves the API at its root: did you mean " + scheme + "://" + host
                            + "?");
        }
        if (!path.endsWith(GHE_API_PATH)) {
            return FieldCheck.warning("GitHub Enterprise Server serves its REST API under " + GHE_API_PATH
                    + ": did you mean " + url + GHE_API_PATH + "?");
        }
        return FieldCheck.ok();
    }

    /**
     * The host whose repositories get statuses, as named in Buildkite repository URLs: {@code github.com} for
     * {@code api.github.com}, {@code example.ghe.com} for {@code api.example.ghe.com}, otherwise the URL's host in
     * lower case.
     *
     * @throws IllegalArgumentException when the URL has no host
     */
    public static String host(String apiUrl) {
        URI uri = parse(normalize(apiUrl));
        if (uri == null || uri.getHost() == null) {
            throw new IllegalArgumentException("not a URL with a host: " + apiUrl);
        }
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (host.equals("api.github.com") || isGheCloudApi(host)) {
            return host.substring("api.".length());
        }
        return host;
    }

    /** GitHub Enterprise Cloud with data residency: {@code api.SUBDOMAIN.ghe.com}. */
    private static boolean isGheCloudApi(String host) {
        return host.startsWith("api.") && host.endsWith(".ghe.com");
    }

    private static URI parse(String url) {
        if (url == null) {
            return null;
        }
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean isLoopback(String host) {
        if (host.equals("localhost")) {
            return true;
        }
        String literal = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!literal.matches("[0-9.]+|[0-9a-f:]+")) {
            return false; // never resolve names here: a form check must not wait on DNS
        }
        try {
            return InetAddress.getByName(literal).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
