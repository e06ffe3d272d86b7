package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.events.BuildkiteEvent;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Set;

/**
 * How new an event is among the events of one {@link StatusKey}: by build number, then by the event's own time (a
 * retried build finishes again under its number, later; so does a retried job of a step), then by stage (started,
 * blocked, ended), then by state, so that the order is total. Equal versions are the same event delivered again.
 *
 * @param buildNumber the build number
 * @param time        the event's own time ({@link BuildkiteEvent#eventTime()}), to the millisecond; {@code null}
 *                    (unknown) is older than any time
 * @param stage       0 while the build runs, 1 blocked, 2 ended
 * @param state       the Buildkite state; {@code null} only for entries of journals that did not record it
 */
record EventVersion(long buildNumber, Instant time, int stage, String state) implements Comparable<EventVersion> {

    /** States after which the build ran to an end: a later stage than running or blocked. */
    private static final Set<String> ENDED = Set.of("passed", "failed", "canceled", "finished", "skipped", "not_run",
            "waiting_failed");
    private static final Comparator<EventVersion> ORDER = Comparator.comparingLong(EventVersion::buildNumber)
            .thenComparing(EventVersion::time, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparingInt(EventVersion::stage)
            .thenComparing(EventVersion::state, Comparator.nullsFirst(Comparator.naturalOrder()));

    EventVersion {
        // The journal keeps milliseconds: a redelivery read back after a restart must compare equal.
        time = time == null ? null : time.truncatedTo(ChronoUnit.MILLIS);
    }

    static EventVersion of(BuildkiteEvent event) {
        int stage = event.job() != null ? (event.job().ended() ? 2 : 0)
                : ENDED.contains(event.state()) ? 2 : event.state().equals("blocked") ? 1 : 0;
        return new EventVersion(event.buildNumber(), event.eventTime(), stage, event.statusState());
    }

    @Override
    public int compareTo(EventVersion other) {
        return ORDER.compare(this, other);
    }

    /** For the history: {@code build #43 (passed at 2024-05-01T10:00:00Z)}. */
    String describe() {
        return "build #" + buildNumber + " (" + (state == null ? "posted" : state)
                + (time == null ? "" : " at " + time) + ")";
    }
}
