package io.jenkins.plugins.statusqueue.events;

/**
 * What a message body decoded to: an event to post, an event deliberately not posted, or a body that can never
 * become a status.
 *
 * @param event  the decoded event; {@code null} when the body was invalid
 * @param kind   which of the three it is
 * @param reason for {@link Kind#SKIPPED} and {@link Kind#INVALID}: why, in a sentence
 */
public record DecodeResult(BuildkiteEvent event, Kind kind, String reason) {

    public enum Kind {
        EVENT, SKIPPED, INVALID
    }

    static DecodeResult event(BuildkiteEvent event) {
        return new DecodeResult(event, Kind.EVENT, null);
    }

    static DecodeResult skipped(BuildkiteEvent event, String reason) {
        return new DecodeResult(event, Kind.SKIPPED, Texts.clean(reason));
    }

    /** The reason may quote the body (a parser's message does): cleaned, so the history can always keep it. */
    static DecodeResult invalid(String reason) {
        return new DecodeResult(null, Kind.INVALID, Texts.clean(reason));
    }
}
