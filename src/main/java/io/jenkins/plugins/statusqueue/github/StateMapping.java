package io.jenkins.plugins.statusqueue.github;

import io.jenkins.plugins.statusqueue.events.EventDecoder;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which GitHub state each Buildkite build state becomes; {@link Optional#empty()} means no status is posted.
 * Administrators override single rows with lines such as {@code canceled=failure} or {@code blocked=none}.
 *
 * <p>A blocked build has a row per {@code blocked_state}: {@code blocked:failed} (failed steps before the block: the
 * build cannot pass any more, so {@code failure}), {@code blocked:passed} and {@code blocked:running} (it may still
 * pass once unblocked: {@code pending}). Plain {@code blocked} is the row for a blocked build that does not say,
 * and an override of it also applies to the {@code blocked:} rows that are not overridden themselves, so that
 * {@code blocked=none} still means no status for any blocked build.
 */
public final class StateMapping {

    private static final String NO_STATUS = "none";
    private static final String BLOCKED = "blocked";
    private static final String BLOCKED_ROW = BLOCKED + ":";
    /** The {@code blocked_state} values Buildkite reports, each with a row of its own. */
    private static final Set<String> BLOCKED_STATES = Set.of("passed", "failed", "running");

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
        rows.put(BLOCKED_ROW + "passed", Optional.of(GitHubState.PENDING));
        rows.put(BLOCKED_ROW + "running", Optional.of(GitHubState.PENDING));
        rows.put(BLOCKED_ROW + "failed", Optional.of(GitHubState.FAILURE));
        return rows;
    }

    /** Whether {@code row} names a row: a Buildkite build state, or {@code blocked:} and a blocked state. */
    private static boolean isRow(String row) {
        return EventDecoder.KNOWN_STATES.contains(row)
                || row.startsWith(BLOCKED_ROW) && BLOCKED_STATES.contains(row.substring(BLOCKED_ROW.length()));
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
        Set<String> overridden = new HashSet<>();
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
            if (!isRow(buildkite)) {
                throw new IllegalArgumentException("line " + (i + 1) + ": '" + buildkite
                        + "' is not a Buildkite build state; known states: " + String.join(", ",
                                new TreeMap<>(rows).keySet()));
            }
            rows.put(buildkite, toGitHubState(github, i + 1));
            overridden.add(buildkite);
        }
        if (overridden.contains(BLOCKED)) {
            for (String blockedState : BLOCKED_STATES) {
                if (!overridden.contains(BLOCKED_ROW + blockedState)) {
                    rows.put(BLOCKED_ROW + blockedState, rows.get(BLOCKED));
                }
            }
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

    /**
     * The GitHub state for a Buildkite state, or empty when no status is posted.
     *
     * @param blockedState the build's {@code blocked_state}, which refines {@code blocked}; may be {@code null}
     */
    public Optional<GitHubState> map(String buildkiteState, String blockedState) {
        if (BLOCKED.equals(buildkiteState) && blockedState != null && BLOCKED_STATES.contains(blockedState)) {
            return rows.get(BLOCKED_ROW + blockedState);
        }
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
