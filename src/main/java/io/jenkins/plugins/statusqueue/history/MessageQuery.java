package io.jenkins.plugins.statusqueue.history;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A search of the message history, as an operator asks it: "why has this commit no status?". Every criterion given
 * must match; a blank one matches everything. Texts compare without regard to case.
 *
 * @param repository part of {@code host/owner/name}, for example {@code acme/web}
 * @param sha        the start of the commit SHA, at least {@link #MIN_SHA_PREFIX} hexadecimal digits
 * @param context    part of the status context, for example {@code buildkite/web}
 * @param build      the Buildkite build number
 * @param outcome    what became of the message
 */
public record MessageQuery(String repository, String sha, String context, Long build, Outcome outcome) {

    /** GitHub's short SHA: fewer digits find too many commits to answer "this commit". */
    public static final int MIN_SHA_PREFIX = 7;
    public static final MessageQuery ALL = new MessageQuery(null, null, null, null, null);
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");
    private static final Pattern BUILD_NUMBER = Pattern.compile("/builds/(\\d{1,18})(?:[/#?]|$)");
    private static final int MAX_TEXT = 300;

    /** Thrown for a search that cannot be run as typed; the message says what to change. */
    public static final class InvalidQueryException extends Exception {
        private static final long serialVersionUID = 1L;

        InvalidQueryException(String message) {
            super(message);
        }
    }

    /**
     * Reads the search from the form or the JSON view's query parameters; blank parameters are left out.
     *
     * @throws InvalidQueryException naming the parameter and what it needs
     */
    public static MessageQuery parse(String repository, String sha, String context, String build, String outcome)
            throws InvalidQueryException {
        String shaPrefix = blankToNull(sha);
        if (shaPrefix != null) {
            shaPrefix = shaPrefix.toLowerCase(Locale.ROOT);
            if (shaPrefix.length() < MIN_SHA_PREFIX || shaPrefix.length() > 40 || !HEX.matcher(shaPrefix).matches()) {
                throw new InvalidQueryException("Commit: give " + MIN_SHA_PREFIX
                        + " to 40 hexadecimal digits of the SHA");
            }
        }
        Long buildNumber = null;
        String buildText = blankToNull(build);
        if (buildText != null) {
            try {
                buildNumber = Long.parseLong(buildText.startsWith("#") ? buildText.substring(1) : buildText);
            } catch (NumberFormatException e) {
                throw new InvalidQueryException("Build: give the Buildkite build number, for example 42");
            }
        }
        Outcome wanted = null;
        String outcomeText = blankToNull(outcome);
        if (outcomeText != null) {
            try {
                wanted = Outcome.valueOf(outcomeText.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new InvalidQueryException("Outcome: one of POSTED, SUPERSEDED, SKIPPED, INVALID, REJECTED, RETRY");
            }
        }
        return new MessageQuery(lower(repository), shaPrefix, lower(context), buildNumber, wanted);
    }

    private static String blankToNull(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String trimmed = text.trim();
        return trimmed.length() > MAX_TEXT ? trimmed.substring(0, MAX_TEXT) : trimmed;
    }

    private static String lower(String text) {
        String kept = blankToNull(text);
        return kept == null ? null : kept.toLowerCase(Locale.ROOT);
    }

    /** Whether no criterion is given. */
    public boolean isEmpty() {
        return repository == null && sha == null && context == null && build == null && outcome == null;
    }

    public boolean matches(MessageRecord message) {
        return (outcome == null || message.outcome() == outcome)
                && (sha == null || message.sha() != null && message.sha().toLowerCase(Locale.ROOT).startsWith(sha))
                && contains(message.repository(), repository)
                && contains(message.context(), context)
                && (build == null || build.equals(buildNumber(message.buildUrl())));
    }

    private static boolean contains(String text, String part) {
        return part == null || text != null && text.toLowerCase(Locale.ROOT).contains(part);
    }

    /** The build number in a Buildkite build link ({@code .../builds/42}, also with a job anchor), or null. */
    public static Long buildNumber(String buildUrl) {
        if (buildUrl == null) {
            return null;
        }
        Matcher matcher = BUILD_NUMBER.matcher(buildUrl);
        return matcher.find() ? Long.valueOf(matcher.group(1)) : null;
    }
}
