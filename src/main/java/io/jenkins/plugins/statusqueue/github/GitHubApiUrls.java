package io.jenkins.plugins.statusqueue.github;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.function.Predicate;

/** Checks and reads the GitHub API URL an administrator configures. */
public final class GitHubApiUrls {

    public static final String GITHUB_COM_API = "https://api.github.com";
    private static final String GHE_API_PATH = "/api/v3";
    private static final String EXAMPLE = "https://github.example.com" + GHE_API_PATH;

    private GitHubApiUrls() {
    }

    /** The URL trimmed, without trailing slashes, as github-api expects it; {@code null} stays {@code null}. */
    public static String normalize(String apiUrl) {
        return apiUrl == null ? null : Urls.normalize(apiUrl);
    }

    /**
     * The verdict on a configured API URL: https (plain http only on this machine, for tests), no credentials or
     * query in it, {@code https://api.github.com} for github.com, and the {@code /api/v3} path GitHub Enterprise Server
     * serves its REST API under.
     */
    public static FieldCheck check(String apiUrl) {
        String url = normalize(apiUrl);
        Urls.Parsed parsed = Urls.parse(url, EXAMPLE, "the token");
        if (parsed.problem() != null) {
            return parsed.problem();
        }
        URI uri = parsed.uri();
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        if (uri.getRawUserInfo() != null) {
            return FieldCheck.error("Do not put credentials in the URL; choose a token credential instead");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return FieldCheck.error("The API URL takes no query or fragment");
        }
        if (host.equals("github.com") || host.equals("www.github.com")) {
            return FieldCheck.error("For github.com use " + GITHUB_COM_API);
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        if (host.equals("api.github.com") || isGheCloudApi(host)) {
            return path.isEmpty() ? FieldCheck.ok()
                    : FieldCheck.warning(host + " serves the API at its root: did you mean https://" + host + "?");
        }
        if (!path.endsWith(GHE_API_PATH)) {
            return FieldCheck.warning(missingApiPath(url));
        }
        return FieldCheck.ok();
    }

    /**
     * The verdict of the form: as {@link #check(String)}, but a URL without {@code /api/v3} on a GitHub Enterprise
     * Server host is an error, unless that root answers as GitHub's API (a server behind a proxy that maps it).
     *
     * @param answersAsApi asks the URL, without a token, whether it answers as GitHub's API
     */
    public static FieldCheck check(String apiUrl, Predicate<String> answersAsApi) {
        FieldCheck offline = check(apiUrl);
        String url = normalize(apiUrl);
        if (offline.level() != FieldCheck.Level.WARNING || !offline.message().equals(missingApiPath(url))) {
            return offline;
        }
        return answersAsApi.test(url) ? FieldCheck.ok("This URL answers as GitHub's API, without " + GHE_API_PATH)
                : FieldCheck.error(missingApiPath(url) + " " + url + " does not answer as GitHub's API.");
    }

    private static String missingApiPath(String url) {
        return "GitHub Enterprise Server serves its REST API under " + GHE_API_PATH + ": did you mean " + url
                + GHE_API_PATH + "?";
    }

    /**
     * The host whose repositories get statuses, as named in Buildkite repository URLs: {@code github.com} for
     * {@code api.github.com}, {@code example.ghe.com} for {@code api.example.ghe.com}, otherwise the URL's host in
     * lower case.
     *
     * @throws IllegalArgumentException when the URL has no host
     */
    public static String host(String apiUrl) {
        URI uri;
        try {
            uri = apiUrl == null ? null : new URI(normalize(apiUrl));
        } catch (URISyntaxException e) {
            uri = null;
        }
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
}
