package io.jenkins.plugins.statusqueue.trigger;

/**
 * How much of a message the trigger reads before it maps it, so that no message costs a queue's poller more than a
 * bounded amount of work, whatever its author wrote. A message over a bound is not mapped for a job that needs to
 * read it (a JSON or custom mapping, any filter): that job's trigger log and the status page say which bound it
 * broke, and the message counts as failed for good for that job.
 *
 * @param maxBodyChars the longest body a filter or a mapping reads, in characters; the raw mapping passes any body
 * @param maxFields    the most fields a mapping may pass: top-level fields of a JSON body, or values a custom
 *                     mapping returns
 * @param maxDepth     the deepest nesting of objects and arrays in a JSON body
 */
public record MessageBounds(int maxBodyChars, int maxFields, int maxDepth) {

    public static final int DEFAULT_BODY_CHARS = 64 * 1024;
    public static final int DEFAULT_FIELDS = 256;
    public static final int DEFAULT_DEPTH = 32;
    public static final MessageBounds DEFAULT = new MessageBounds(DEFAULT_BODY_CHARS, DEFAULT_FIELDS, DEFAULT_DEPTH);

    public MessageBounds {
        if (maxBodyChars < 1 || maxFields < 1 || maxDepth < 1) {
            throw new IllegalArgumentException("every bound is at least 1");
        }
    }

    /** A message over one of the bounds: {@link #getMessage()} names the bound and the message's figure. */
    public static final class ExceededException extends Exception {

        private static final long serialVersionUID = 1L;

        ExceededException(String message) {
            super(message, null, false, false);
        }
    }

    void checkBody(String body) throws ExceededException {
        if (body.length() > maxBodyChars) {
            throw new ExceededException("over a bound: the body has " + body.length() + " characters, over the "
                    + maxBodyChars + " a filter or mapping reads");
        }
    }

    void checkFields(int fields) throws ExceededException {
        if (fields > maxFields) {
            throw new ExceededException("over a bound: " + fields + " fields, over the " + maxFields + " a mapping "
                    + "passes");
        }
    }

    void checkDepth(int depth) throws ExceededException {
        if (depth > maxDepth) {
            throw new ExceededException("over a bound: JSON nested deeper than " + maxDepth + " levels");
        }
    }
}
