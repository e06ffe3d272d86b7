package io.jenkins.plugins.statusqueue.queue;

import io.jenkins.plugins.statusqueue.config.FieldCheck;
import io.jenkins.plugins.statusqueue.config.Urls;
import java.net.URI;
import java.util.Locale;

/** Checks the API URL of a status-queue stack's API Gateway, the stage URL the stack prints as its output. */
public final class ApiGatewayUrls {

    static final String EXAMPLE = "https://abc123defg.execute-api.eu-west-1.amazonaws.com/prod";

    private ApiGatewayUrls() {
    }

    /**
     * Whether the URL can work: https (http only on this machine, for tests), no query, and the stage path without
     * the {@code /message} resource, which the plugin appends itself.
     */
    public static FieldCheck check(String apiUrl) {
        String url = apiUrl == null ? null : Urls.normalize(apiUrl);
        Urls.Parsed parsed = Urls.parse(url, EXAMPLE, "the API key");
        if (parsed.problem() != null) {
            return parsed.problem();
        }
        URI uri = parsed.uri();
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            return FieldCheck.error("Enter the stage URL without a query or fragment, for example " + EXAMPLE);
        }
        String path = uri.getPath() == null ? "" : uri.getPath();
        if (path.toLowerCase(Locale.ROOT).endsWith("/message")) {
            return FieldCheck.warning("Leave out /message: the plugin appends it, so requests would go to "
                    + path + "/message. Did you mean " + url.substring(0, url.length() - "/message".length()) + " ?");
        }
        boolean executeApi = uri.getHost().toLowerCase(Locale.ROOT).contains(".execute-api.");
        if (executeApi && path.isEmpty()) {
            return FieldCheck.warning("An execute-api URL needs the stage, for example " + EXAMPLE);
        }
        return FieldCheck.ok();
    }
}
