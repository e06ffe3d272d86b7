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
 * Decodes the body of a queued Buildkite build event, or job event when per-step statuses are on. Accepts the
 * EventBridge envelope and the bare {@code detail} (what the original rule's {@code InputPath: $.detail} stores).
 * Never throws: bad input is a {@link DecodeResult.Kind#INVALID} result with the reason.
 */
public final class EventDecoder {

    /** SQS's largest message, in UTF-8 bytes as SQS counts them (a queue may allow up to 1 MiB). */
    public static final int MAX_BODY_BYTES = 1024 * 1024;
    /**
     * Caps on the texts that decide where a status goes (slugs, the repository URL, a step's key): longer ones are
     * bad input, never truncated into another name.
     */
    static final int MAX_SLUG = 100;
    static final int MAX_URL = 2048;
    /** A label that names a step's status (the step has no key) forms the context: GitHub's limit on contexts. */
    static final int MAX_CONTEXT_LABEL = 255;
    /**
     * Caps on texts only shown or compared (a label beside a key, a state, a job type): longer ones are cut to this
     * length, so they still show what they were; a cut state or type is an unknown one, which gets no status.
     */
    static final int MAX_LABEL = 255;
    static final int MAX_WORD = 32;

    /** The build states Buildkite reports; a state not among them is one Buildkite added later: no status. */
    public static final Set<String> KNOWN_STATES = Set.of("scheduled", "creating", "started", "running", "waiting",
            "waiting_failed", "blocked", "failing", "passed", "failed", "canceling", "canceled", "skipped", "not_run",
            "finished");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SHA = Pattern.compile("[0-9a-fA-F]{40}");
    /** Buildkite's event timestamps: {@code 2019-08-11 06:01:16 UTC}. */
    private static final DateTimeFormatter BUILDKITE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT);

    /** The job events that can carry a step's status; Job Scheduled and Job Activated say nothing a commit shows. */
    private static final Set<String> STEP_EVENT_TYPES = Set.of("Job Started", "Job Finished");
    private static final Pattern JOB_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}"
            + "-[0-9a-fA-F]{12}");
    /** More parallel jobs than Buildkite lets a step have. */
    private static final int MAX_PARALLELISM = 10_000;

    private final String gheHost;
    private final Set<String> stepJobTypes;

    /**
     * A decoder of build events only: job events are invalid, as per-step statuses are off.
     *
     * @param gheHost the GitHub Enterprise host whose repositories get statuses; repositories elsewhere are
     *                skipped. {@code null} accepts any host.
     */
    public EventDecoder(String gheHost) {
        this(gheHost, Set.of());
    }

    /**
     * @param stepJobTypes the job types ({@link StepJob#STATUS_TYPES}) whose job events become per-step statuses;
     *                     empty when per-step statuses are off
     */
    public EventDecoder(String gheHost, Set<String> stepJobTypes) {
        this.gheHost = gheHost == null ? null : gheHost.toLowerCase(Locale.ROOT);
        this.stepJobTypes = Set.copyOf(stepJobTypes);
    }

    public DecodeResult decode(String body) {
        if (Texts.utf8Length(body, MAX_BODY_BYTES) > MAX_BODY_BYTES) {
            return DecodeResult.invalid("body of more than " + MAX_BODY_BYTES + " bytes (1 MiB): larger than any "
                    + "SQS message");
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
        boolean envelope = root.has("detail");
        JsonNode detail = envelope ? root.get("detail") : root;
        String detailType = envelope ? root.path("detail-type").asText("") : "";
        Instant sentAt = envelope ? isoTime(root.path("time").asText(null)) : null;
        try {
            return switch (EventSource.of(detailType, detail)) {
                case BUILD -> withinHost(knownState(decodeEvent(detail, sentAt, null)));
                case JOB -> stepJobTypes.isEmpty() ? notABuildEvent(detailType, "job")
                        : decodeStep(detail, detailType, sentAt);
                case AGENT -> notABuildEvent(detailType, "agent");
                case OTHER -> DecodeResult.invalid("'" + abbreviate(detailType) + "' is not a Buildkite build event");
            };
        } catch (IllegalArgumentException e) {
            return DecodeResult.invalid(e.getMessage());
        }
    }

    /**
     * What an event is about. EventBridge names it in {@code detail-type}; a bare {@code detail} (a rule with
     * {@code InputPath: $.detail}) only shows it by its shape: job and agent events carry a {@code job} or
     * {@code agent} object, and a job event carries its {@code build} too, so it must not be read as one.
     */
    enum EventSource {
        BUILD, JOB, AGENT, OTHER;

        static EventSource of(String detailType, JsonNode detail) {
            if (detail != null && detail.path("job").isObject()) {
                return JOB;
            }
            if (detail != null && detail.path("agent").isObject()) {
                return AGENT;
            }
            if (detailType.isEmpty() || detailType.startsWith("Build ")) {
                return BUILD;
            }
            if (detailType.startsWith("Job ")) {
                return JOB;
            }
            return detailType.startsWith("Agent ") ? AGENT : OTHER;
        }
    }

    private static DecodeResult notABuildEvent(String detailType, String kind) {
        String what = detailType.isEmpty() ? "the detail carries a '" + kind + "' object"
                : "'" + abbreviate(detailType) + "'";
        return DecodeResult.invalid(what + ": a Buildkite " + kind + " event, not a build event"
                + (kind.equals("job") ? " (per-step statuses are off)" : ""));
    }

    /** A build state Buildkite added after this plugin: skipped by its name, never bad input. */
    private static DecodeResult knownState(BuildkiteEvent event) {
        return KNOWN_STATES.contains(event.state()) ? DecodeResult.event(event) : DecodeResult.skipped(event,
                "unknown Buildkite build state '" + abbreviate(event.state()) + "': no status until the plugin knows it");
    }

    /** A job state Buildkite added after this plugin: skipped by its name, never bad input. */
    private static DecodeResult knownJobState(BuildkiteEvent event) {
        return event.job().knownState() ? DecodeResult.event(event) : DecodeResult.skipped(event,
                "unknown Buildkite job state '" + abbreviate(event.job().state()) + "': no status until the plugin "
                        + "knows it");
    }

    private DecodeResult withinHost(DecodeResult decoded) {
        return decoded.kind() == DecodeResult.Kind.EVENT ? withinHost(decoded.event()) : decoded;
    }

    private DecodeResult withinHost(BuildkiteEvent event) {
        if (gheHost != null && !gheHost.equals(event.repository().host())) {
            return DecodeResult.skipped(event, "repository is on " + event.repository().host() + ", not on the "
                    + "configured GitHub Enterprise host " + gheHost);
        }
        return DecodeResult.event(event);
    }

    /**
     * A job event, which carries its build beside the job. A bare {@code detail} is read as one only because
     * per-step statuses are on: its {@code job} object and the job's own state say what happened.
     */
    private DecodeResult decodeStep(JsonNode detail, String detailType, Instant sentAt) {
        if (!detailType.isEmpty() && !STEP_EVENT_TYPES.contains(detailType)) {
            return DecodeResult.skipped(null, "'" + abbreviate(detailType) + "' events give no step status; Job "
                    + "Started and Job Finished do");
        }
        JsonNode job = object(detail, "job");
        String type = word(job, "job.type");
        if (!stepJobTypes.contains(type)) {
            // Wait and block steps have neither a key nor a label to check: the build is what the history shows.
            return DecodeResult.skipped(decodeEvent(detail, sentAt, null), StepJob.STATUS_TYPES.contains(type)
                    ? "per-step statuses are off for " + type + " steps"
                    : "a " + abbreviate(type) + " step gets no status; command and trigger steps do");
        }
        return withinHost(knownJobState(decodeEvent(detail, sentAt, stepJob(job, type))));
    }

    private static StepJob stepJob(JsonNode job, String type) {
        String id = optionalText(job, "job.uuid", MAX_WORD + MAX_WORD);
        if (id == null) {
            id = optionalText(job, "job.id", MAX_WORD + MAX_WORD);
        }
        if (id == null || !JOB_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("job.uuid is missing or not a UUID");
        }
        String state = word(job, "job.state");
        String stepKey = optionalText(job, "job.step_key", MAX_SLUG);
        String label = optionalText(job, "job.label", Integer.MAX_VALUE);
        if (label == null) {
            label = optionalText(job, "job.name", Integer.MAX_VALUE);
        }
        if (label != null && label.length() > MAX_CONTEXT_LABEL) {
            if (stepKey == null) {
                throw new IllegalArgumentException("job.label is longer than " + MAX_CONTEXT_LABEL + " characters "
                        + "and the step has no key: it cannot name a status context");
            }
            label = Texts.cut(label, MAX_LABEL); // beside a key, the label is only shown
        }
        Integer index = optionalInt(job, "parallel_group_index");
        Integer total = optionalInt(job, "parallel_group_total");
        if (index != null && (total == null || index < 0 || index >= total || total > MAX_PARALLELISM)) {
            throw new IllegalArgumentException("job.parallel_group_index " + index + " is not within "
                    + "job.parallel_group_total " + total);
        }
        StepJob parsed = new StepJob(id.toLowerCase(Locale.ROOT), type, label, stepKey == null ? null : stepKey.trim(),
                state, job.path("passed").asBoolean(false), job.path("soft_failed").asBoolean(false),
                optionalInt(job, "exit_status"), time(job, "started_at"), time(job, "finished_at"), index,
                index == null ? null : total);
        if (parsed.displayLabel() == null || parsed.displayLabel().isBlank()) {
            throw new IllegalArgumentException("job has neither a step_key nor a label to name its status by");
        }
        return parsed;
    }

    private static Integer optionalInt(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        return node != null && node.isIntegralNumber() && node.canConvertToInt() ? node.asInt() : null;
    }

    /** The build (and pipeline and organization) every build or job event carries. */
    private BuildkiteEvent decodeEvent(JsonNode detail, Instant sentAt, StepJob job) {
        if (detail == null || !detail.isObject()) {
            throw new IllegalArgumentException("'detail' is not an object");
        }
        JsonNode build = object(detail, "build");
        JsonNode pipeline = object(detail, "pipeline");
        JsonNode organization = object(detail, "organization");
        JsonNode numberNode = build.get("number");
        if (numberNode == null || !numberNode.canConvertToLong() || numberNode.asLong() < 1) {
            throw new IllegalArgumentException("build.number is missing or not a positive integer");
        }
        String commit = text(build, "build.commit", MAX_SLUG);
        if (!SHA.matcher(commit).matches()) {
            throw new IllegalArgumentException("build.commit '" + abbreviate(commit)
                    + "' is not a full 40-character commit SHA");
        }
        String state = word(build, "build.state");
        RepositoryRef repository = RepositoryUrls.parse(text(pipeline, "pipeline.repo", MAX_URL));
        return new BuildkiteEvent(text(organization, "organization.slug", MAX_SLUG),
                text(pipeline, "pipeline.slug", MAX_SLUG), numberNode.asLong(), commit.toLowerCase(Locale.ROOT),
                optionalText(build, "build.branch", Integer.MAX_VALUE), state, blockedState(build),
                time(build, "started_at"), time(build, "finished_at"), sentAt, repository, job);
    }

    /**
     * {@code passed}, {@code failed} or {@code running}: what the build had done when a block step held it; another
     * value falls back to the plain {@code blocked} row.
     */
    private static String blockedState(JsonNode build) {
        String value = optionalText(build, "build.blocked_state", Integer.MAX_VALUE);
        return value == null ? null : Texts.cut(value.trim().toLowerCase(Locale.ROOT), MAX_WORD);
    }

    /**
     * A required state or type, lower case; a longer one than any Buildkite uses is cut, and so is an unknown one
     * that still shows what it was.
     */
    private static String word(JsonNode parent, String path) {
        return Texts.cut(text(parent, path, Integer.MAX_VALUE).toLowerCase(Locale.ROOT), MAX_WORD);
    }

    private static JsonNode object(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("'" + field + "' object is missing");
        }
        return node;
    }

    /**
     * A required text, cleaned and trimmed.
     *
     * @throws IllegalArgumentException when it is missing, blank, not a string or longer than {@code max}
     */
    private static String text(JsonNode parent, String path, int max) {
        String value = optionalText(parent, path, max);
        if (value == null) {
            throw new IllegalArgumentException(path + " is missing or not a string");
        }
        return value.trim();
    }

    /**
     * An optional text, cleaned; {@code null} when missing, blank or not a string.
     *
     * @throws IllegalArgumentException when it is longer than {@code max}
     */
    private static String optionalText(JsonNode parent, String path, int max) {
        JsonNode node = parent.get(path.substring(path.indexOf('.') + 1));
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            return null;
        }
        String value = node.asText();
        if (value.length() > max) {
            throw new IllegalArgumentException(path + " is longer than " + max + " characters");
        }
        return Texts.clean(value);
    }

    /**
     * An unreadable timestamp is dropped rather than failing the event: the description loses its duration and the
     * order falls back to the next time the event gives.
     */
    private static Instant time(JsonNode parent, String field) {
        JsonNode node = parent.get(field);
        String value = node == null || !node.isTextual() || node.asText().length() > MAX_WORD ? null : node.asText();
        if (value == null) {
            return null;
        }
        try {
            return LocalDateTime.parse(value, BUILDKITE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notBuildkiteFormat) {
            return isoTime(value);
        }
    }

    private static Instant isoTime(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException notIso) {
            return null;
        }
    }

    private static String abbreviate(String value) {
        return Texts.abbreviate(value, 60);
    }
}
