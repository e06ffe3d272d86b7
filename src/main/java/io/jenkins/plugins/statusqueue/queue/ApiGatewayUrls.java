package io.jenkins.plugins.statusqueue.queue;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.Urls;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/** Checks the API URL of a status-queue stack's API Gateway, as its {@code ApiUrl} output gives it. */
public final class ApiGatewayUrls {

    private ApiGatewayUrls() {
    }

    public static FieldCheck check(String apiUrl) {
        if (apiUrl == null || apiUrl.isBlank()) {
            return FieldCheck.error("Enter the stack's ApiUrl output, for example "
                    + "https://abc123.execute-api.eu-west-1.amazonaws.com/prod");
        }
        URI uri;
        try {
            uri = new URI(Urls.normalize(apiUrl));
        } catch (URISyntaxException e) {
            return FieldCheck.error("Not a URL: " + e.getReason());
        }
        if (!uri.isAbsolute() || uri.getHost() == null) {
            return FieldCheck.error("Not an absolute URL with a host");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(scheme.equals("http") && Urls.isLoopback(uri.getHost()))) {
            return FieldCheck.error("Use https: the API key would travel in clear text");
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.endsWith("/message")) {
            return FieldCheck.warning("Leave /message off: the plugin appends it. Use "
                    + Urls.normalize(apiUrl).substring(0, Urls.normalize(apiUrl).length() - "/message".length()));
        }
        if (uri.getHost().endsWith(".amazonaws.com") && path.isEmpty()) {
            return FieldCheck.warning("An execute-api URL names its stage, for example .../prod");
        }
        return FieldCheck.ok();
    }
}
