package io.jenkins.plugins.statusqueue.github;

import io.jenkins.plugins.statusqueue.events.BuildkiteEvent;
import io.jenkins.plugins.statusqueue.events.StepJob;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a Buildkite event into the commit status to post, using the state mappings and the templates: a build
 * event into the build's status, a job event into its step's status (per-step statuses).
 */
public final class StatusMapper {

    public static final String DEFAULT_CONTEXT_TEMPLATE = "buildkite/{pipeline}";
    public static final String DEFAULT_TARGET_URL_TEMPLATE = "https://buildkite.com/{org}/{pipeline}/builds/{number}";
    public static final String DEFAULT_STEP_CONTEXT_TEMPLATE = "buildkite/{pipeline}/{step}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Map<String, Function<BuildkiteEvent, String>> PLACEHOLDERS = Map.of(
            "org", BuildkiteEvent::organization,
            "pipeline", BuildkiteEvent::pipeline,
            "number", event -> Long.toString(event.buildNumber()),
            "branch", event -> event.branch() == null ? "" : event.branch(),
            "commit", BuildkiteEvent::commit,
            "state", BuildkiteEvent::statusState);
    /** A step's context also names the step, so that each step has a status of its own. */
    private static final Map<String, Function<BuildkiteEvent, String>> STEP_PLACEHOLDERS = withStep();
    /** States after which the build ran to an end, so "in 3m 12s" makes sense. */
    private static final Set<String> ENDED = Set.of("passed", "failed", "canceled", "finished", "skipped", "not_run");

    private final StateMapping mapping;
    private final String contextTemplate;
    private final String targetUrlTemplate;
    private final StateMapping stepMapping;
    private final String stepContextTemplate;

    /** A mapper of build events, with the default step mapping and context for any job event. */
    public StatusMapper(StateMapping mapping, String contextTemplate, String targetUrlTemplate) {
        this(mapping, contextTemplate, targetUrlTemplate, StateMapping.STEP_DEFAULTS, null);
    }

    /**
     * @param stepMapping         what each step outcome becomes
     * @param stepContextTemplate the context of a step's status; it must name {@code {step}}
     * @throws IllegalArgumentException when a template names an unknown placeholder
     */
    public StatusMapper(StateMapping mapping, String contextTemplate, String targetUrlTemplate,
            StateMapping stepMapping, String stepContextTemplate) {
        this.mapping = mapping;
        this.contextTemplate = orDefault(contextTemplate, DEFAULT_CONTEXT_TEMPLATE);
        this.targetUrlTemplate = orDefault(targetUrlTemplate, DEFAULT_TARGET_URL_TEMPLATE);
        this.stepMapping = stepMapping;
        this.stepContextTemplate = orDefault(stepContextTemplate, DEFAULT_STEP_CONTEXT_TEMPLATE);
        for (String template : new String[] {this.contextTemplate, this.targetUrlTemplate}) {
            String problem = templateProblem(template);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
        String stepProblem = stepTemplateProblem(this.stepContextTemplate);
        if (stepProblem != null) {
            throw new IllegalArgumentException(stepProblem);
        }
    }

    private static Map<String, Function<BuildkiteEvent, String>> withStep() {
        Map<String, Function<BuildkiteEvent, String>> placeholders = new HashMap<>(PLACEHOLDERS);
        placeholders.put("step", event -> event.job() == null ? "" : event.job().stepName());
        return Map.copyOf(placeholders);
    }

    private static String orDefault(String template, String fallback) {
        return template == null || template.isBlank() ? fallback : template.trim();
    }

    /** Why a build template cannot be used, or {@code null} when it can. */
    public static String templateProblem(String template) {
        return placeholderProblem(template, PLACEHOLDERS, "{org}, {pipeline}, {number}, {branch}, {commit} or {state}");
    }

    /**
     * Why a step context template cannot be used, or {@code null} when it can: without {@code {step}}, every step of
     * a pipeline would share one status, each overwriting the others.
     */
    public static String stepTemplateProblem(String template) {
        String problem = placeholderProblem(template, STEP_PLACEHOLDERS,
                "{step}, {org}, {pipeline}, {number}, {branch}, {commit} or {state}");
        if (problem == null && template != null && !template.isBlank() && !template.contains("{step}")) {
            return "the step context must contain {step}, or all steps would share one status";
        }
        return problem;
    }

    private static String placeholderProblem(String template, Map<String, ?> known, String names) {
        if (template == null || template.isBlank()) {
            return null;
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            if (!known.containsKey(matcher.group(1))) {
                return "unknown placeholder {" + matcher.group(1) + "}; use " + names;
            }
        }
        return null;
    }

    /** The status to post for this event, or empty when its state maps to no status. */
    public Optional<CommitStatus> map(BuildkiteEvent event) {
        StepJob job = event.job();
        if (job != null) {
            // The job's anchor on the build page.
            return stepMapping.map(job.outcome(), null).map(state -> new CommitStatus(event.repository(),
                    event.commit(), state, render(targetUrlTemplate, event, PLACEHOLDERS) + "#" + job.id(),
                    describeStep(job), render(stepContextTemplate, event, STEP_PLACEHOLDERS)));
        }
        return mapping.map(event.state(), event.blockedState()).map(state -> new CommitStatus(event.repository(),
                event.commit(), state, render(targetUrlTemplate, event, PLACEHOLDERS), describe(event),
                render(contextTemplate, event, PLACEHOLDERS)));
    }

    private static String render(String template, BuildkiteEvent event,
            Map<String, Function<BuildkiteEvent, String>> placeholders) {
        return PLACEHOLDER.matcher(template)
                .replaceAll(match -> Matcher.quoteReplacement(placeholders.get(match.group(1)).apply(event)));
    }

    /** "Build #42 passed in 3m 12s", "Build #43 failed and is blocked"; never longer than GitHub accepts. */
    static String describe(BuildkiteEvent event) {
        String state = event.state().replace('_', ' ');
        String text;
        if (event.state().equals("blocked")) {
            text = "Build #" + event.buildNumber() + ("failed".equals(event.blockedState()) ? " failed and is blocked"
                    : " is waiting to be unblocked");
        } else if (ENDED.contains(event.state())) {
            text = "Build #" + event.buildNumber() + " " + state + duration(event.startedAt(), event.finishedAt());
        } else if (event.state().equals("started")) {
            text = "Build #" + event.buildNumber() + " started";
        } else {
            text = "Build #" + event.buildNumber() + " is " + state;
        }
        return fit(text);
    }

    /** "Step 'Unit tests' passed in 2m 4s", "Step 'Lint' soft-failed in 12s"; never longer than GitHub accepts. */
    static String describeStep(StepJob job) {
        String step = "Step '" + job.displayLabel() + "'" + job.parallelSuffix();
        String took = duration(job.startedAt(), job.finishedAt());
        String text = switch (job.outcome()) {
            case "passed" -> step + " passed" + took;
            case "soft_failed" -> step + " soft-failed" + took + exitStatus(job);
            case "failed" -> step + " failed" + took + exitStatus(job);
            case "canceled" -> step + " was canceled";
            case "timed_out" -> step + " timed out" + took;
            case "expired" -> step + " expired before an agent took it";
            case "running" -> step + " is running";
            default -> step + " is " + job.outcome().replace('_', ' ');
        };
        return fit(text);
    }

    private static String exitStatus(StepJob job) {
        return job.exitStatus() == null || job.exitStatus() == 0 ? "" : " (exit status " + job.exitStatus() + ")";
    }

    private static String fit(String text) {
        return text.length() <= CommitStatus.MAX_DESCRIPTION ? text
                : text.substring(0, CommitStatus.MAX_DESCRIPTION - 1) + "\u2026";
    }

    private static String duration(Instant startedAt, Instant finishedAt) {
        if (startedAt == null || finishedAt == null || finishedAt.isBefore(startedAt)) {
            return "";
        }
        Duration took = Duration.between(startedAt, finishedAt);
        long hours = took.toHours();
        int minutes = took.toMinutesPart();
        int seconds = took.toSecondsPart();
        if (hours > 0) {
            return " in " + hours + "h " + minutes + "m";
        }
        return minutes > 0 ? " in " + minutes + "m " + seconds + "s" : " in " + seconds + "s";
    }
}
