package io.jenkins.plugins.statusqueue.history;

import java.util.Locale;

/**
 * What kind of trouble an error text describes, for viewers who may not read the text itself: error texts from AWS
 * and the queue name ARNs, account ids and queue URLs, which only Overall/Administer may see.
 */
public enum ErrorCategory {
    TOKEN_REFUSED("GitHub Enterprise refused the token"),
    RATE_LIMITED("GitHub Enterprise rate limit"),
    GITHUB("GitHub Enterprise error"),
    QUEUE("Queue error"),
    CONFIGURATION("Configuration incomplete"),
    STOPPING("Jenkins was stopping"),
    OTHER("Error");

    private final String text;

    ErrorCategory(String text) {
        this.text = text;
    }

    /** The category in words, with a hint that the details need more permission. */
    public String text() {
        return text;
    }

    /** The category of an error text, or {@code null} for no error. */
    public static ErrorCategory of(String error) {
        if (error == null) {
            return null;
        }
        String lower = error.toLowerCase(Locale.ROOT);
        if (lower.startsWith("no ") || lower.contains(" is chosen") || lower.contains("not configured")) {
            return CONFIGURATION;
        }
        if (lower.contains("refused") && lower.contains("github") || lower.contains("401")
                || lower.contains("bad credentials")) {
            return TOKEN_REFUSED;
        }
        if (lower.contains("rate limit") || lower.contains("429")) {
            return RATE_LIMITED;
        }
        if (lower.contains("github")) {
            return GITHUB;
        }
        if (lower.contains("queue") || lower.contains("sqs") || lower.contains("api gateway")) {
            return QUEUE;
        }
        if (lower.contains("credential")) {
            return CONFIGURATION;
        }
        if (lower.contains("stopping")) {
            return STOPPING;
        }
        return OTHER;
    }
}
