package io.jenkins.plugins.statusqueue.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What the status page and its JSON view show, computed from the history. Every text from the queue is carried as
 * data, never as markup, and links are built only from parts that were checked to be plain names.
 *
 * @param enabled      whether draining is switched on
 * @param idleReason   why no pass runs, or {@code null}
 * @param backoffUntil when the back-off after failed passes ends, or {@code null}
 * @param nextPass     when the next pass is due at the earliest, or {@code null}
 * @param history      the recorded passes and messages
 */
public record StatusPage(boolean enabled, String idleReason, Instant backoffUntil, Instant nextPass,
        HistorySnapshot history) {

    /** Bars of the chart: at most this many recent passes. */
    public static final int CHART_PASSES = 60;
    public static final int CHART_WIDTH = 600;
    public static final int CHART_HEIGHT = 80;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    /** One bar of messages per pass; {@code failed} passes are drawn apart. */
    public record Bar(int x, int y, int width, int height, int received, boolean failed) {
    }

    public PassRecord lastPass() {
        return history.passes().isEmpty() ? null : history.passes().get(0);
    }

    public long total(String outcome) {
        return history.total(outcome(outcome));
    }

    /** For views, which cannot name an enum constant. */
    public Outcome outcome(String name) {
        return Outcome.valueOf(name);
    }

    /** Messages that did not reach a final outcome yet plus those GitHub refused. */
    public long failedTotal() {
        return history.total(Outcome.RETRY) + history.total(Outcome.REJECTED) + history.total(Outcome.INVALID);
    }

    public List<PassRecord> passes() {
        return history.passes();
    }

    public List<MessageRecord> messages() {
        return history.messages();
    }

    /** Oldest bar first, scaled to the largest pass shown. */
    public List<Bar> chart() {
        List<PassRecord> recent = new ArrayList<>(history.passes().subList(0, Math.min(CHART_PASSES,
                history.passes().size())));
        java.util.Collections.reverse(recent);
        int max = recent.stream().mapToInt(PassRecord::received).max().orElse(0);
        int slot = CHART_WIDTH / CHART_PASSES;
        List<Bar> bars = new ArrayList<>();
        for (int i = 0; i < recent.size(); i++) {
            PassRecord pass = recent.get(i);
            int height = max == 0 ? 0 : Math.max(pass.received() > 0 ? 1 : 0, pass.received() * CHART_HEIGHT / max);
            bars.add(new Bar(i * slot, CHART_HEIGHT - height, slot - 1, height, pass.received(), pass.failed()));
        }
        return bars;
    }

    public int chartMax() {
        return history.passes().stream().limit(CHART_PASSES).mapToInt(PassRecord::received).max().orElse(0);
    }

    /** The first 7 characters of a SHA, as GitHub shows it. */
    public static String shortSha(String sha) {
        return sha == null ? "" : sha.substring(0, Math.min(7, sha.length()));
    }

    /**
     * The commit's page on the repository's host, or {@code null} when the record does not hold a plain
     * {@code host/owner/name} and a full SHA (the parts come from the queue: nothing else becomes a link).
     */
    public static String commitUrl(MessageRecord message) {
        if (message.repository() == null || message.sha() == null || !SHA.matcher(message.sha()).matches()) {
            return null;
        }
        String[] parts = message.repository().split("/");
        if (parts.length != 3) {
            return null;
        }
        for (String part : parts) {
            if (!NAME.matcher(part).matches()) {
                return null;
            }
        }
        return "https://" + message.repository() + "/commit/" + message.sha();
    }

    /** The Buildkite link, only when it is one of Buildkite's https pages. */
    public static String buildUrl(MessageRecord message) {
        String url = message.buildUrl();
        return url != null && url.startsWith("https://buildkite.com/") && !url.contains("\"") ? url : null;
    }

    /** "1m 05s", "850 ms". */
    public static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        long seconds = duration.toSeconds();
        return seconds < 60 ? String.format(Locale.ROOT, "%.1f s", millis / 1000.0)
                : String.format(Locale.ROOT, "%dm %02ds", seconds / 60, seconds % 60);
    }

    /** The JSON view, for monitoring: the history's own records (times in epoch milliseconds) and the state. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("enabled", enabled);
        root.put("idleReason", idleReason);
        root.put("backoffUntil", backoffUntil == null ? null : backoffUntil.toString());
        root.put("nextPass", nextPass == null ? null : nextPass.toString());
        root.put("passCount", history.passCount());
        root.put("lastEmptyPass", history.lastEmptyPass() == null ? null : history.lastEmptyPass().toString());
        root.put("emptyPasses", history.emptyPasses());
        ObjectNode totals = root.putObject("totals");
        for (Outcome outcome : Outcome.values()) {
            totals.put(outcome.name(), history.total(outcome));
        }
        ArrayNode passes = root.putArray("passes");
        history.passes().forEach(pass -> passes.add(DrainHistory.toJson(pass)));
        ArrayNode messages = root.putArray("messages");
        history.messages().forEach(message -> messages.add(DrainHistory.toJson(message)));
        return root.toString();
    }
}
