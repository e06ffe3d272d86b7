package io.jenkins.plugins.statusqueue.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Decodes the body of a queued Buildkite build event. Accepts the EventBridge envelope and the bare
 * {@code detail} (what the original rule's {@code InputPath: $.detail} stores). Never throws: bad input is a
 * {@link DecodeResult.Kind#INVALID} result with the reason.
 */
public final class EventDecoder {

    /** SQS caps a message at 256 KiB; anything larger did not come from our rule. */
    public static final int MAX_BODY_CHARS = 256 * 1024;

    /** The build states Buildkite reports; anything else is treated as bad input. */
    public static final Set<String> KNOWN_STATES = Set.of("scheduled", "creating", "started", "running", "waiting",
            "waiting_failed", "blocked", "failing", "passed", "failed", "canceling", "canceled", "skipped", "not_run",
            "finished");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{40}");
    /** Buildkite's event timestamps: {@code 2019-08-11 06:01:16 UTC}. */
    private static final DateTimeFormatter BUILDKITE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT);

    private final String gheHost;

    /**
     * @param gheHost the GitHub Enterprise host whose repositories get statuses; repositories elsewhere are
     *                skipped. {@code null} accepts any host.
     */
    public EventDecoder(String gheHost) {
        this.gheHost = gheHost == null ? null : gheHost.toLowerCase(Locale.ROOT);
    }

    public DecodeResult decode(String body) {
        if (body.length() > MAX_BODY_CHARS) {
            return DecodeResult.invalid("body of " + body.length() + " characters exceeds the " + MAX_BODY_CHARS
                    + " a queued event can have");
        }
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return DecodeResult.invalid("body is not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            return DecodeResult.invalid("body is not a JSON object");
        }
        JsonNode detail = root;
        if (root.has("detail")) {
            String detailType = root.path("detail-type").asText("");
            if (!detailType.isEmpty() && !detailType.startsWith("Build ")) {
                return DecodeResult.invalid("'" + detailType + "' is not a Buildkite build event");
            }
            detail = root.get("detail");
        }
        try {
            return decodeDetail(detail);
        } catch (IllegalArgumentException e) {
            return DecodeResult.invalid(e.getMessage());
        }
    }

    private DecodeResult decodeDetail(JsonNode detail) {
        JsonNode build = object(detail, "build");
        JsonNode pipeline = object(detail, "pipeline");
        JsonNode organization = object(detail, "organization");
        JsonNode numberNode = build.get("number");
        if (numberNode == null || !numberNode.canConvertToLong() || numberNode.asLong() < 1) {
            throw new IllegalArgumentException("build.number is missing or not a positive integer");
        }
        String commit = text(build, "build.commit");
        if (!SHA.matcher(commit).matches()) {
            throw new IllegalArgumentException("build.commit '" + abbreviate(commit)
                    + "' is not a full 40-character commit SHA");
        }
        String state = text(build, "build.state").toLowerCase(Locale.ROOT);
        if (!KNOWN_STATES.contains(state)) {
            throw new IllegalArgumentException("unknown Buildkite state '" + abbreviate(state) + "'");
        }
        RepositoryRef repository = RepositoryUrls.parse(text(pipeline, "pipeline.repo"));
        BuildkiteEvent event = new BuildkiteEvent(text(organization, "organization.slug"),
                text(pipeline, "pipeline.slug"), numberNode.asLong(), commit.toLowerCase(Locale.ROOT),
                optionalText(build, "branch"), state, optionalText(build, "blocked_state"),
                time(build, "started_at"), time(build, "finished_at"), repository);
        if (gheHost != null && !gheHost.equals(repository.host())) {
            return DecodeResult.skipped(event, "repository is on " + repository.host() + ", not on the configured "
                    + "GitHub Enterprise host " + gheHost);
        }
        return DecodeResult.event(event);
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("'" + field + "' object is missing");
        }
        return node;
    }

    private static String text(JsonNode parent, String path) {
        String field = path.substring(path.indexOf('.') + 1);
        JsonNode node = parent.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException(path + " is missing or not a string");
        }
        return node.asText().trim();
    }

    private static String optionalText(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node == null || !node.isTextual() || node.asText().isBlank() ? null : node.asText();
    }

    /** A timestamp only refines the description, so an unreadable one is dropped rather than failing the event. */
    private static Instant time(JsonNode parent, String field) {
        String value = optionalText(parent, field);
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, BUILDKITE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notBuildkiteFormat) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException notIso) {
                return null;
            }
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 60 ? value : value.substring(0, 57) + "...";
    }
}
