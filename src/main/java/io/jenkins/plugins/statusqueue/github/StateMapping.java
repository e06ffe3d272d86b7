package io.jenkins.plugins.statusqueue.github;

import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.events.StepJob;
import java.util.Collections;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Which GitHub state each Buildkite build state (or, for per-step statuses, each step outcome) becomes;
 * {@link Optional#empty()} means no status is posted. Administrators override single rows with lines such as
 * {@code canceled=failure} or {@code blocked=none}.
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

    public static final StateMapping DEFAULTS = new StateMapping(Table.BUILD, defaultRows());
    /** Per-step statuses: a soft failure passes (its description says so); what never ran posts nothing. */
    public static final StateMapping STEP_DEFAULTS = new StateMapping(Table.STEP, defaultStepRows());

    /** The two tables: a build's state, and a step's outcome ({@link StepJob#outcome()}). */
    private enum Table {
        BUILD("Buildkite build state"), STEP("Buildkite step outcome");

        private final String rowName;

        Table(String rowName) {
            this.rowName = rowName;
        }
    }

    private final Table table;
    private final Map<String, Optional<GitHubState>> rows;

    private StateMapping(Table table, Map<String, Optional<GitHubState>> rows) {
        this.table = table;
        this.rows = Collections.unmodifiableMap(new TreeMap<>(rows));
    }

    private static Map<String, Optional<GitHubState>> defaultStepRows() {
        Map<String, Optional<GitHubState>> rows = new TreeMap<>();
        rows.put("running", Optional.of(GitHubState.PENDING));
        rows.put("scheduled", Optional.empty());
        rows.put("passed", Optional.of(GitHubState.SUCCESS));
        rows.put("soft_failed", Optional.of(GitHubState.SUCCESS));
        rows.put("failed", Optional.of(GitHubState.FAILURE));
        for (String error : new String[] {"canceled", "timed_out", "expired"}) {
            rows.put(error, Optional.of(GitHubState.ERROR));
        }
        for (String none : new String[] {"skipped", "broken", "not_run"}) {
            rows.put(none, Optional.empty());
        }
        return rows;
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
    private static boolean isBuildRow(String row) {
        return EventDecoder.KNOWN_STATES.contains(row)
                || row.startsWith(BLOCKED_ROW) && BLOCKED_STATES.contains(row.substring(BLOCKED_ROW.length()));
    }

    /** The step table with the given overrides applied, as {@link #parse}. */
    public static StateMapping parseSteps(String overrides) {
        return overrides == null ? STEP_DEFAULTS : parse(Table.STEP, defaultStepRows(), overrides);
    }

    /**
     * The defaults with the given overrides applied: one {@code buildkite_state=github_state} per line, where the
     * GitHub state is {@code pending}, {@code success}, {@code failure}, {@code error} or {@code none}. Blank lines
     * and lines starting with {@code #} are ignored.
     *
     * @throws IllegalArgumentException naming the line that is wrong
     */
    public static StateMapping parse(String overrides) {
        return overrides == null ? DEFAULTS : parse(Table.BUILD, defaultRows(), overrides);
    }

    private static StateMapping parse(Table table, Map<String, Optional<GitHubState>> rows, String overrides) {
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
            if (table == Table.BUILD ? !isBuildRow(buildkite) : !StepJob.OUTCOMES.contains(buildkite)) {
                throw new IllegalArgumentException("line " + (i + 1) + ": '" + buildkite + "' is not a "
                        + table.rowName + "; known: " + String.join(", ", new TreeMap<>(rows).keySet()));
            }
            rows.put(buildkite, toGitHubState(github, i + 1));
            overridden.add(buildkite);
        }
        if (table == Table.BUILD && overridden.contains(BLOCKED)) {
            for (String blockedState : BLOCKED_STATES) {
                if (!overridden.contains(BLOCKED_ROW + blockedState)) {
                    rows.put(BLOCKED_ROW + blockedState, rows.get(BLOCKED));
                }
            }
        }
        return new StateMapping(table, rows);
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
        return other instanceof StateMapping mapping && mapping.table == table && mapping.rows.equals(rows);
    }

    @Override
    public int hashCode() {
        return 31 * table.hashCode() + rows.hashCode();
    }
}
