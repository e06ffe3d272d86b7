package io.jenkins.plugins.statusqueue.history;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/** Times and durations in words, as Jenkins writes them ("3 min ago", "1 min 5 sec"). */
public final class Times {

    private Times() {
    }

    /**
     * How long ago {@code then} was: "just now", "45 sec ago", "3 min ago" (whole minutes below an hour),
     * "2 hr 5 min ago"; "in 3 min" ahead.
     */
    public static String ago(Instant then, Instant now) {
        Duration between = Duration.between(then, now);
        long seconds = between.abs().toSeconds();
        if (seconds < 1) {
            return "just now";
        }
        String span = seconds >= 60 && seconds < 3600 ? seconds / 60 + " min" : coarse(between.abs());
        return between.isNegative() ? "in " + span : span + " ago";
    }

    /** A duration in words: "850 ms", "1.5 sec", "42 sec", "2 min 5 sec", "1 hr 3 min", "2 days 3 hr". */
    public static String words(Duration duration) {
        long millis = Math.max(0, duration.toMillis());
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis < 10_000) {
            return String.format(Locale.ROOT, "%.1f sec", millis / 1000.0);
        }
        return coarse(Duration.ofMillis(millis));
    }

    /** The two largest units, whole: "42 sec", "2 min 5 sec", "1 hr", "3 days 4 hr". */
    private static String coarse(Duration duration) {
        long seconds = duration.toSeconds();
        if (seconds < 60) {
            return seconds + " sec";
        }
        if (seconds < 3600) {
            return pair(seconds / 60, "min", seconds % 60, "sec");
        }
        if (seconds < 86_400) {
            return pair(seconds / 3600, "hr", seconds % 3600 / 60, "min");
        }
        long days = seconds / 86_400;
        return pair(days, days == 1 ? "day" : "days", seconds % 86_400 / 3600, "hr");
    }

    private static String pair(long major, String majorUnit, long minor, String minorUnit) {
        return minor == 0 ? major + " " + majorUnit : major + " " + majorUnit + " " + minor + " " + minorUnit;
    }
}
