package io.jenkins.plugins.statusqueue.github;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Locale;

/**
 * What GitHub's answers mean, from their status, content type and body alone, whatever client fetched them. A 404 or
 * a 422 deletes a message for good, so it counts only when GitHub itself said it: GitHub's API answers every error with
 * a JSON object carrying a {@code message} and a {@code documentation_url}. A load balancer's HTML 404, a web server
 * at an API URL without {@code /api/v3}, a proxy's error page are not GitHub's word.
 */
public final class GitHubAnswers {

    /** GitHub keeps at most this many statuses per commit and context, then answers 422 with {@link #LIMIT_TEXT}. */
    public static final int MAX_STATUSES_PER_CONTEXT = 1000;
    private static final String LIMIT_TEXT = "maximum number of statuses";
    private static final ObjectMapper JSON = new ObjectMapper();

    private GitHubAnswers() {
    }

    /** Whether the body is GitHub's JSON error: an object with a {@code message} and a {@code documentation_url}. */
    public static boolean isGitHubError(String contentType, String body) {
        if (contentType != null && !contentType.toLowerCase(Locale.ROOT).contains("json")) {
            return false;
        }
        JsonNode json = parse(body);
        return json != null && json.path("message").isTextual() && json.path("documentation_url").isTextual();
    }

    /**
     * Whether an answer to {@code GET {apiUrl}/user} comes from GitHub's API: the token's user (2xx, JSON with a
     * {@code login}) or GitHub's JSON error (401 for a refused token or none, 403 ...).
     */
    public static boolean answersAsApi(int status, String contentType, String body) {
        if (status >= 200 && status < 300) {
            JsonNode json = contentType == null || contentType.toLowerCase(Locale.ROOT).contains("json")
                    ? parse(body) : null;
            return json != null && json.path("login").isTextual();
        }
        return isGitHubError(contentType, body);
    }

    /**
     * Whether an answer says nothing about the URL either way: the server or a proxy is failing now (5xx), or asks to
     * wait (408, 429).
     */
    public static boolean undecided(int status) {
        return status >= 500 || status == 408 || status == 429;
    }

    /**
     * The outcome of a status post answered 404 or 422. Final only in GitHub's own JSON error: a 404 then means the
     * repository does not exist or the token cannot see it (counted with the refusals, so that a token that lost access
     * to many repositories stops the pass), a 422 an unknown commit, a failed validation, or a context that has its
     * 1,000 statuses. Any other 404 or 422 is tried again later.
     *
     * @param where {@code owner/repo@sha}, for the history
     */
    static PostResult notPosted(int status, String contentType, String body, String fullName, String where,
            String apiUrl) {
        if (!isGitHubError(contentType, body)) {
            return PostResult.retry(status + " answered with " + (contentType == null ? "no content type"
                    : contentType) + ", not GitHub's JSON error, for " + where + ": a proxy or load balancer answered, "
                    + "or the API URL is not GitHub's API; tried again later", null);
        }
        String said = status + " " + message(body);
        if (status == 404) {
            return PostResult.notFound("404 Not Found: repository " + fullName + " does not exist on " + apiUrl
                    + " or the token cannot see it", said);
        }
        if (said.toLowerCase(Locale.ROOT).contains(LIMIT_TEXT)) {
            return PostResult.rejected(said + " for " + where + ": GitHub keeps at most "
                    + String.format(Locale.ROOT, "%,d", MAX_STATUSES_PER_CONTEXT)
                    + " statuses per commit and context, and this one has them all");
        }
        return PostResult.rejected(said + " for " + where);
    }

    /** GitHub's {@code message} and each {@code errors[].message}, or the raw body when it is not GitHub's JSON. */
    static String message(String body) {
        if (body == null || body.isBlank()) {
            return "(no message)";
        }
        JsonNode json = parse(body);
        if (json == null || !json.isObject()) {
            String flat = body.strip().replaceAll("\\s+", " ");
            return flat.length() > 200 ? flat.substring(0, 200) + "\u2026" : flat;
        }
        String message = json.path("message").asText("");
        StringBuilder text = new StringBuilder(message.isEmpty() ? "(no message)" : message);
        for (JsonNode error : json.path("errors")) {
            String detail = error.isTextual() ? error.asText() : error.path("message").asText(
                    error.path("field").asText("") + " " + error.path("code").asText(""));
            text.append(text.indexOf(":") < 0 ? ": " : "; ").append(detail.trim());
        }
        return text.toString();
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode json = JSON.readTree(body);
            return json != null && json.isObject() ? json : null;
        } catch (IOException notJson) {
            return null;
        }
    }
}
