package io.jenkins.plugins.statusqueue.trigger;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Which messages a job takes, so that several jobs share one queue without stealing each other's messages: a
 * regular expression found in the body, or a JSON path that must exist (optionally with a given value). A small,
 * documented path syntax: {@code $}, then {@code .name}, {@code ['name']} or {@code [index]} steps.
 * <p>
 * Whoever configures a job writes the expression and whoever writes to the queue writes the body, so a filter reads
 * the body only within the queue's {@link MessageBounds} (the JSON parsed once for every job), and a regular
 * expression search that runs over {@link #REGEX_TIME_LIMIT} or recurses too deeply is abandoned: the filter then
 * cannot decide, and says why.
 */
public final class MessageFilter {

    /** How long one regular expression may search one body. */
    public static final Duration REGEX_TIME_LIMIT = Duration.ofMillis(100);

    /** The filter cannot tell whether the message is for the job; the message is then not built for it. */
    public static final class UndecidedException extends Exception {

        private static final long serialVersionUID = 1L;

        UndecidedException(String message) {
            super(message);
        }
    }

    /** Takes every message. */
    public static final MessageFilter ALL = new MessageFilter(null, null, null, "every message");

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_-]*");

    private final Pattern regex;
    private final List<Object> path;
    private final String expected;
    private final String description;

    private MessageFilter(Pattern regex, List<Object> path, String expected, String description) {
        this.regex = regex;
        this.path = path;
        this.expected = expected;
        this.description = description;
    }

    /** @throws IllegalArgumentException saying what is wrong with the expression */
    public static MessageFilter regex(String expression) {
        try {
            return new MessageFilter(Pattern.compile(expression, Pattern.DOTALL), null, null,
                    "body matches /" + expression + "/");
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a regular expression: " + e.getDescription(), e);
        }
    }

    /**
     * @param expected the value the path must hold (compared as text), or {@code null}/blank: it must just exist
     * @throws IllegalArgumentException saying what is wrong with the path
     */
    public static MessageFilter jsonPath(String expression, String expected) {
        String value = expected == null || expected.isEmpty() ? null : expected;
        return new MessageFilter(null, parsePath(expression.trim()), value,
                expression.trim() + (value == null ? " exists" : " is '" + value + "'"));
    }

    static List<Object> parsePath(String expression) {
        if (!expression.startsWith("$")) {
            throw new IllegalArgumentException("a JSON path starts with $, for example $.pipeline.slug");
        }
        List<Object> steps = new ArrayList<>();
        int i = 1;
        while (i < expression.length()) {
            char c = expression.charAt(i);
            if (c == '.') {
                int end = i + 1;
                while (end < expression.length() && expression.charAt(end) != '.' && expression.charAt(end) != '[') {
                    end++;
                }
                String name = expression.substring(i + 1, end);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("'" + name + "' at " + i + " is not a field name; use ['...']");
                }
                steps.add(name);
                i = end;
            } else if (c == '[') {
                int end = expression.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed [ at " + i);
                }
                String inside = expression.substring(i + 1, end).trim();
                if (inside.length() >= 2 && inside.startsWith("'") && inside.endsWith("'")) {
                    steps.add(inside.substring(1, inside.length() - 1));
                } else if (inside.matches("[0-9]+")) {
                    steps.add(Integer.parseInt(inside));
                } else {
                    throw new IllegalArgumentException("[" + inside + "] is neither an index nor a quoted name");
                }
                i = end + 1;
            } else {
                throw new IllegalArgumentException("unexpected '" + c + "' at " + i);
            }
        }
        return List.copyOf(steps);
    }

    /**
     * @throws UndecidedException                when a regular expression cannot be evaluated in bounded time on this
     *                                           body
     * @throws MessageBounds.ExceededException when the filter would have to read past one of the message's bounds
     */
    public boolean accepts(MessageBody body) throws UndecidedException, MessageBounds.ExceededException {
        if (regex != null) {
            return find(body.text());
        }
        if (path == null) {
            return true;
        }
        JsonNode node;
        try {
            node = body.json();
        } catch (MessageBody.NotJsonException notJson) {
            return false;
        }
        for (Object step : path) {
            if (node == null) {
                return false;
            }
            node = step instanceof Integer index ? node.get(index) : node.get((String) step);
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return false;
        }
        return expected == null || expected.equals(node.isValueNode() ? node.asText() : node.toString());
    }

    private boolean find(String body) throws UndecidedException {
        try {
            return regex.matcher(new Deadline(body, System.nanoTime() + REGEX_TIME_LIMIT.toNanos())).find();
        } catch (Deadline.Passed e) {
            throw new UndecidedException("the regular expression took over " + REGEX_TIME_LIMIT.toMillis()
                    + " ms on this body");
        } catch (StackOverflowError e) {
            throw new UndecidedException("the regular expression recursed too deeply on this body");
        }
    }

    /**
     * The body as the regex engine reads it, one character at a time: every 1,024 reads it checks the clock and gives
     * up once the deadline has passed. Every step of java.util.regex reads a character, so no match runs much longer.
     */
    private static final class Deadline implements CharSequence {

        /** Thrown through the regex engine to abandon the match; no stack trace, it is expected. */
        static final class Passed extends RuntimeException {

            private static final long serialVersionUID = 1L;

            Passed() {
                super(null, null, false, false);
            }
        }

        private final CharSequence text;
        private final long deadlineNanos;
        private int reads;

        Deadline(CharSequence text, long deadlineNanos) {
            this.text = text;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public char charAt(int index) {
            if ((++reads & 0x3FF) == 0 && System.nanoTime() - deadlineNanos > 0) {
                throw new Passed();
            }
            return text.charAt(index);
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            return new Deadline(text.subSequence(start, end), deadlineNanos);
        }

        @Override
        public String toString() {
            return text.toString();
        }
    }

    @Override
    public String toString() {
        return description;
    }
}
