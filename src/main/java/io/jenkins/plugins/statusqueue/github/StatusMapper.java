package io.jenkins.plugins.statusqueue.github;

import io.jenkins.plugins.statusqueue.events.BuildkiteEvent;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Turns a Buildkite event into the commit status to post, using the state mapping and the templates. */
public final class StatusMapper {

    public static final String DEFAULT_CONTEXT_TEMPLATE = "buildkite/{pipeline}";
    public static final String DEFAULT_TARGET_URL_TEMPLATE = "https://buildkite.com/{org}/{pipeline}/builds/{number}";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");
    private static final Map<String, Function<BuildkiteEvent, String>> PLACEHOLDERS = Map.of(
            "org", BuildkiteEvent::organization,
            "pipeline", BuildkiteEvent::pipeline,
            "number", event -> Long.toString(event.buildNumber()),
            "branch", event -> event.branch() == null ? "" : event.branch(),
            "commit", BuildkiteEvent::commit,
            "state", BuildkiteEvent::state);
    /** States after which the build ran to an end, so "in 3m 12s" makes sense. */
    private static final Set<String> ENDED = Set.of("passed", "failed", "canceled", "finished", "skipped", "not_run");

    private final StateMapping mapping;
    private final String contextTemplate;
    private final String targetUrlTemplate;

    /**
     * @throws IllegalArgumentException when a template names an unknown placeholder
     */
    public StatusMapper(StateMapping mapping, String contextTemplate, String targetUrlTemplate) {
        this.mapping = mapping;
        this.contextTemplate = orDefault(contextTemplate, DEFAULT_CONTEXT_TEMPLATE);
        this.targetUrlTemplate = orDefault(targetUrlTemplate, DEFAULT_TARGET_URL_TEMPLATE);
        for (String template : new String[] {this.contextTemplate, this.targetUrlTemplate}) {
            String problem = templateProblem(template);
            if (problem != null) {
                throw new IllegalArgumentException(problem);
            }
        }
    }

    private static String orDefault(String template, String fallback) {
        return template == null || template.isBlank() ? fallback : template.trim();
    }

    /** Why a template cannot be used, or {@code null} when it can. */
    public static String templateProblem(String template) {
        if (template == null || template.isBlank()) {
            return null;
        }
        Matcher matcher = PLACEHOLDER.matcher(template);
        while (matcher.find()) {
            if (!PLACEHOLDERS.containsKey(matcher.group(1))) {
                return "unknown placeholder {" + matcher.group(1) + "}; use {org}, {pipeline}, {number}, {branch}, "
                        + "{commit} or {state}";
            }
        }
        return null;
    }

    /** The status to post for this event, or empty when its state maps to no status. */
    public Optional<CommitStatus> map(BuildkiteEvent event) {
        return mapping.map(event.state(), event.blockedState()).map(state -> new CommitStatus(event.repository(), event.commit(), state,
                render(targetUrlTemplate, event), describe(event), render(contextTemplate, event)));
    }

    private static String render(String template, BuildkiteEvent event) {
        return PLACEHOLDER.matcher(template)
                .replaceAll(match -> Matcher.quoteReplacement(PLACEHOLDERS.get(match.group(1)).apply(event)));
    }

    /** "Build #42 passed in 3m 12s", "Build #43 failed and is blocked"; never longer than GitHub accepts. */
    static String describe(BuildkiteEvent event) {
        String state = event.state().replace('_', ' ');
        String text;
        if (event.state().equals("blocked")) {
            text = "Build #" + event.buildNumber() + ("failed".equals(event.blockedState()) ? " failed and is blocked"
                    : " is waiting to be unblocked");
        } else if (ENDED.contains(event.state())) {
            text = "Build #" + event.buildNumber() + " " + state + duration(event);
        } else if (event.state().equals("started")) {
            text = "Build #" + event.buildNumber() + " started";
        } else {
            text = "Build #" + event.buildNumber() + " is " + state;
        }
        return text.length() <= CommitStatus.MAX_DESCRIPTION ? text
                : text.substring(0, CommitStatus.MAX_DESCRIPTION - 1) + "\u2026";
    }

    private static String duration(BuildkiteEvent event) {
        if (event.startedAt() == null || event.finishedAt() == null || event.finishedAt().isBefore(event.startedAt())) {
            return "";
        }
        Duration took = Duration.between(event.startedAt(), event.finishedAt());
        long hours = took.toHours();
        int minutes = took.toMinutesPart();
        int seconds = took.toSecondsPart();
        if (hours > 0) {
            return " in " + hours + "h " + minutes + "m";
        }
        return minutes > 0 ? " in " + minutes + "m " + seconds + "s" : " in " + seconds + "s";
    }
}
