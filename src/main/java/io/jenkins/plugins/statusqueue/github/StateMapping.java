package io.jenkins.plugins.statusqueue.github;

import io.jenkins.plugins.statusqueue.events.EventDecoder;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which GitHub state each Buildkite build state becomes; {@link Optional#empty()} means no status is posted.
 * Administrators override single rows with lines such as {@code canceled=failure} or {@code blocked=none}.
 */
public final class StateMapping {

    private static final String NO_STATUS = "none";

    public static final StateMapping DEFAULTS = new StateMapping(defaultRows());

    private final Map<String, Optional<GitHubState>> rows;

    private StateMapping(Map<String, Optional<GitHubState>> rows) {
        this.rows = Collections.unmodifiableMap(new TreeMap<>(rows));
    }

    private static Map<String, Optional<GitHubState>> defaultRows() {
        Map<String, Optional<GitHubState>> rows = new TreeMap<>();
        for (String running : new String[] {"scheduled", "creating", "started", "running", "waiting", "failing",
                "blocked"}) {
            rows.put(running, Optional.of(GitHubState.PENDING));
        }
        rows.put("passed", Optional.of(GitHubState.SUCCESS));
        rows.put("finished", Optional.of(GitHubState.SUCCESS));
        rows.put("failed", Optional.of(GitHubState.FAILURE));
        rows.put("waiting_failed", Optional.of(GitHubState.FAILURE));
        rows.put("canceled", Optional.of(GitHubState.ERROR));
        rows.put("canceling", Optional.of(GitHubState.ERROR));
        rows.put("skipped", Optional.empty());
        rows.put("not_run", Optional.empty());
        return rows;
    }

    /**
     * The defaults with the given overrides applied: one {@code buildkite_state=github_state} per line, where the
     * GitHub state is {@code pending}, {@code success}, {@code failure}, {@code error} or {@code none}. Blank lines
     * and lines starting with {@code #} are ignored.
     *
     * @throws IllegalArgumentException naming the line that is wrong
     */
    public static StateMapping parse(String overrides) {
        Map<String, Optional<GitHubState>> rows = defaultRows();
        if (overrides == null) {
            return DEFAULTS;
        }
        String[] lines = overrides.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int equals = line.indexOf('=');
            if (equals < 0) {
                throw new IllegalArgumentException("line " + (i + 1) + ": expected buildkite_state=github_state, got '"
                        + line + "'");
            }
            String buildkite = line.substring(0, equals).trim().toLowerCase(Locale.ROOT);
            String github = line.substring(equals + 1).trim().toLowerCase(Locale.ROOT);
            if (!EventDecoder.KNOWN_STATES.contains(buildkite)) {
                throw new IllegalArgumentException("line " + (i + 1) + ": '" + buildkite
                        + "' is not a Buildkite build state; known states: " + String.join(", ",
                                new TreeMap<>(rows).keySet()));
            }
            rows.put(buildkite, toGitHubState(github, i + 1));
        }
        return new StateMapping(rows);
    }

    private static Optional<GitHubState> toGitHubState(String value, int line) {
        if (value.equals(NO_STATUS)) {
            return Optional.empty();
        }
        for (GitHubState state : GitHubState.values()) {
            if (state.wireName().equals(value)) {
                return Optional.of(state);
            }
        }
        throw new IllegalArgumentException("line " + line + ": '" + value
                + "' is not one of pending, success, failure, error, none");
    }

    /** The GitHub state for a Buildkite state, or empty when no status is posted. */
    public Optional<GitHubState> map(String buildkiteState) {
        return rows.getOrDefault(buildkiteState, Optional.empty());
    }

    /** The whole table, one {@code buildkite=github} per line, for the help text and the status page. */
    public String format() {
        return rows.entrySet().stream()
                .map(row -> row.getKey() + "=" + row.getValue().map(GitHubState::wireName).orElse(NO_STATUS))
                .collect(Collectors.joining("\n"));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StateMapping mapping && mapping.rows.equals(rows);
    }

    @Override
    public int hashCode() {
        return rows.hashCode();
    }
}
