package io.jenkins.plugins.statusqueue.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.regex.Pattern;

/**
 * What the status page and its JSON view show, computed from the history: one page of passes, one page of the
 * messages a search found, the chart and the totals. Every text from the queue is carried as data, never as markup,
 * and links are built only from parts that were checked to be plain names. Error texts name ARNs, account ids and
 * queue URLs: only a {@code detailed} page (Overall/Administer) shows them, others see their {@link ErrorCategory}.
 *
 * @param enabled      whether draining is switched on
 * @param idleReason   why no pass runs, or {@code null}
 * @param backoffUntil when the back-off after failed passes ends, or {@code null}
 * @param nextPass     when the next pass is due at the earliest, or {@code null}
 * @param summary      the history at a glance
 * @param passes       the page of passes shown
 * @param messages     the page of messages the search found
 * @param search       the search, {@link MessageQuery#ALL} when none is given
 * @param searchError  why the search as typed cannot run, or {@code null}
 * @param timeline     messages per outcome and hour, for the chart
 * @param detailed     whether the viewer may read raw error texts
 * @param now          when the page was made, for "3 min ago"
 * @param zone         the viewer's time zone, for the chart's hours and days
 */
public record StatusPage(boolean enabled, String idleReason, Instant backoffUntil, Instant nextPass,
        HistorySummary summary, Slice<PassRecord> passes, Slice<MessageRecord> messages, MessageQuery search,
        String searchError, OutcomeTimeline timeline, boolean detailed, Instant now, ZoneId zone) {

    /** Rows per page on the HTML page: its weight stays bounded whatever the history holds. */
    public static final int PAGE_SIZE = 50;
    /** The most rows one JSON request returns. */
    public static final int MAX_JSON_LIMIT = 1000;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");
    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    /** Reads a page of {@code history} as the request asks: the search, and where each list's page starts. */
    public static StatusPage of(DrainHistory history, State state, Request request) {
        MessageQuery search = MessageQuery.ALL;
        String searchError = null;
        try {
            search = MessageQuery.parse(request.repository(), request.sha(), request.context(), request.build(),
                    request.outcome());
        } catch (MessageQuery.InvalidQueryException e) {
            searchError = e.getMessage();
        }
        int limit = Math.max(1, Math.min(MAX_JSON_LIMIT, request.limit()));
        Slice<MessageRecord> messages = searchError != null ? new Slice<>(java.util.List.of(), 0, 0)
                : history.messages(search, Math.max(0, request.messagesFrom()), limit);
        return new StatusPage(state.enabled(), state.idleReason(), state.backoffUntil(), state.nextPass(),
                history.summary(), history.passes(Math.max(0, request.passesFrom()), limit), messages, search,
                searchError, history.timeline(), request.detailed(), state.now(), request.zone());
    }

    /**
     * The drain's state beside the history.
     *
     * @param now when the page is made
     */
    public record State(boolean enabled, String idleReason, Instant backoffUntil, Instant nextPass, Instant now) {
    }

    /**
     * What the viewer asked for, from the query parameters, and who they are.
     *
     * @param messagesFrom where the page of messages starts
     * @param passesFrom   where the page of passes starts
     * @param limit        rows per page
     * @param detailed     whether the viewer may read raw error texts
     * @param zone         the viewer's time zone
     */
    public record Request(String repository, String sha, String context, String build, String outcome,
            int messagesFrom, int passesFrom, int limit, boolean detailed, ZoneId zone) {
    }

    public PassRecord lastPass() {
        return summary.lastPass();
    }

    public long total(String outcome) {
        return summary.total(outcome(outcome));
    }

    /** For views, which cannot name an enum constant. */
    public Outcome outcome(String name) {
        return Outcome.valueOf(name);
    }

    public Outcome[] getOutcomes() {
        return Outcome.values();
    }

    /** Messages that did not reach a final outcome yet plus those GitHub or the decoder refused. */
    public long failedTotal() {
        return summary.total(Outcome.RETRY) + summary.total(Outcome.REJECTED) + summary.total(Outcome.INVALID);
    }

    /** Messages of a pass that failed: not final yet, refused by GitHub or not usable. */
    public int failedIn(PassRecord pass) {
        return pass.count(Outcome.RETRY) + pass.count(Outcome.REJECTED) + pass.count(Outcome.INVALID);
    }

    /** The error as this viewer may read it: the text itself, or only its category. */
    public String errorText(String error) {
        if (error == null || detailed) {
            return error;
        }
        return ErrorCategory.of(error).text();
    }

    /**
     * A message's reason as this viewer may read it. The reasons of messages left for a retry hold queue and GitHub
     * errors; the others describe the message and GitHub's verdict on it.
     */
    public String reason(MessageRecord message) {
        return message.outcome() == Outcome.RETRY ? errorText(message.reason()) : message.reason();
    }

    /** What the history keeps, said on the page. */
    public String bound() {
        return String.format(java.util.Locale.ENGLISH, "The history keeps the newest %,d messages of the last %d days"
                + " (%,d now) and the newest %,d passes.", summary.maxMessages(),
                DrainHistory.MAX_MESSAGE_AGE.toDays(), summary.messagesKept(), summary.maxPasses());
    }

    /** For {@code <i:formatDate>}, which formats in the viewer's locale and time zone. */
    public Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    public String ago(Instant instant) {
        return instant == null ? "" : Times.ago(instant, now);
    }

    public String words(Duration duration) {
        return Times.words(duration);
    }

    /** The chart's model for {@code span} ({@code DAY} or {@code WEEK}). */
    public String chart(String span) {
        return timeline.chart(OutcomeTimeline.Span.valueOf(span), now, zone).toJson();
    }

    /** The first 7 characters of a SHA, as GitHub shows it. */
    public static String shortSha(String sha) {
        return sha == null ? "" : sha.substring(0, Math.min(7, sha.length()));
    }

    /**
     * The commit's page on the repository's host, which lists its statuses, or {@code null} when the record does not
     * hold a plain {@code host/owner/name} and a full SHA (the parts come from the queue: nothing else becomes a link).
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

    /** The build number, for the table and the search. */
    public static Long buildNumber(MessageRecord message) {
        return MessageQuery.buildNumber(message.buildUrl());
    }

    /** The build link's text: {@code #42}, or "Buildkite" when the link names no build number. */
    public static String buildLabel(MessageRecord message) {
        Long number = buildNumber(message);
        return number == null ? "Buildkite" : "#" + number;
    }

    /** The query string of this page with the messages' page starting at {@code from}: the search is kept. */
    public String messagesLink(int from) {
        return link(from, passes.offset());
    }

    /** The query string of this page with the passes' page starting at {@code from}. */
    public String passesLink(int from) {
        return link(messages.offset(), from);
    }

    private String link(int messagesFrom, int passesFrom) {
        StringBuilder query = new StringBuilder("?");
        append(query, "repository", search.repository());
        append(query, "sha", search.sha());
        append(query, "context", search.context());
        append(query, "build", search.build() == null ? null : search.build().toString());
        append(query, "outcome", search.outcome() == null ? null : search.outcome().name());
        append(query, "messagesFrom", Integer.toString(messagesFrom));
        append(query, "passesFrom", Integer.toString(passesFrom));
        return query.toString();
    }

    private static void append(StringBuilder query, String name, String value) {
        if (value != null) {
            if (query.length() > 1) {
                query.append('&');
            }
            query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
        }
    }

    /** The JSON view, for monitoring and scripts: the same page and search, times in epoch milliseconds. */
    public String toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("enabled", enabled);
        root.put("idleReason", errorText(idleReason));
        root.put("backoffUntil", backoffUntil == null ? null : backoffUntil.toString());
        root.put("nextPass", nextPass == null ? null : nextPass.toString());
        root.put("passCount", summary.passCount());
        root.put("lastSuccess", summary.lastSuccess() == null ? null : summary.lastSuccess().toEpochMilli());
        root.put("lastEmptyPass", summary.lastEmptyPass() == null ? null : summary.lastEmptyPass().toString());
        root.put("emptyPasses", summary.emptyPasses());
        ObjectNode totals = root.putObject("totals");
        for (Outcome outcome : Outcome.values()) {
            totals.put(outcome.name(), summary.total(outcome));
        }
        root.put("passesOffset", passes.offset());
        root.put("passesTotal", passes.total());
        ArrayNode passesNode = root.putArray("passes");
        for (PassRecord pass : passes.items()) {
            ObjectNode node = DrainHistory.toJson(pass);
            node.put("error", errorText(pass.error()));
            ErrorCategory category = ErrorCategory.of(pass.error());
            node.put("errorCategory", category == null ? null : category.name());
            passesNode.add(node);
        }
        if (searchError != null) {
            root.put("searchError", searchError);
        }
        root.put("messagesOffset", messages.offset());
        root.put("messagesTotal", messages.total());
        ArrayNode messagesNode = root.putArray("messages");
        for (MessageRecord message : messages.items()) {
            ObjectNode node = DrainHistory.toJson(message);
            node.put("reason", reason(message));
            Long build = buildNumber(message);
            if (build != null) {
                node.put("build", build);
            }
            messagesNode.add(node);
        }
        return root.toString();
    }
}
