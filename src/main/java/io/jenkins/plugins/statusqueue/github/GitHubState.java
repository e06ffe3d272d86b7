package io.jenkins.plugins.statusqueue.github;

import java.util.Locale;

/** The four states of a GitHub commit status. */
public enum GitHubState {
    PENDING, SUCCESS, FAILURE, ERROR;

    /** The value GitHub's API uses: {@code pending}, {@code success}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static GitHubState fromWireName(String value) {
        return valueOf(value.trim().toUpperCase(Locale.ROOT));
    }
}
