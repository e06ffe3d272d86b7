package io.jenkins.plugins.statusqueue.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Messages per outcome and hour, for the last {@link #HOURS_KEPT} hours: what the chart shows, exact however many
 * messages the history keeps (at most {@value #HOURS_KEPT} small buckets in memory and on disk). Not thread-safe:
 * {@link DrainHistory} guards it.
 */
public final class OutcomeTimeline {

    /** Eight days: the last 7 calendar days in any time zone. */
    public static final int HOURS_KEPT = 8 * 24;
    private static final long SECONDS_PER_HOUR = 3600;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the chart spans. */
    public enum Span {
        /** The last 24 hours, by hour. */
        DAY,
        /** The last 7 days, by calendar day. */
        WEEK
    }

    /**
     * One chart: a label per bucket, oldest first, and the counts of each outcome in them.
     *
     * @param labels the buckets' names: the hour ({@code 14:00}) or the day ({@code Dec 2})
     * @param counts per outcome, one count per label
     */
    public record Chart(List<String> labels, Map<Outcome, List<Long>> counts) {

        public long total() {
            return counts.values().stream().flatMap(List::stream).mapToLong(Long::longValue).sum();
        }

        /** The model the page's chart script draws: labels and one series per outcome. */
        public String toJson() {
            ObjectNode root = JSON.createObjectNode();
            ArrayNode labelsNode = root.putArray("labels");
            labels.forEach(labelsNode::add);
            ArrayNode series = root.putArray("series");
            counts.forEach((outcome, values) -> {
                ObjectNode node = series.addObject();
                node.put("outcome", outcome.name());
                ArrayNode data = node.putArray("data");
                values.forEach(data::add);
            });
            return root.toString();
        }
    }

    /** Hour (since the epoch) to counts indexed by outcome ordinal. */
    private final TreeMap<Long, long[]> hours = new TreeMap<>();

    public void add(Instant time, Outcome outcome) {
        long hour = Math.floorDiv(time.getEpochSecond(), SECONDS_PER_HOUR);
        hours.computeIfAbsent(hour, h -> new long[Outcome.values().length])[outcome.ordinal()]++;
        long newest = hours.lastKey();
        hours.headMap(newest - HOURS_KEPT + 1).clear();
    }

    public OutcomeTimeline copy() {
        OutcomeTimeline copy = new OutcomeTimeline();
        hours.forEach((hour, counts) -> copy.hours.put(hour, counts.clone()));
        return copy;
    }

    /** The chart of {@code span} up to {@code now}, with hours and days as they fall in {@code zone}. */
    public Chart chart(Span span, Instant now, ZoneId zone) {
        List<String> labels = new ArrayList<>();
        Map<Outcome, List<Long>> counts = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            counts.put(outcome, new ArrayList<>());
        }
        if (span == Span.DAY) {
            DateTimeFormatter format = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
            long nowHour = Math.floorDiv(now.getEpochSecond(), SECONDS_PER_HOUR);
            for (long hour = nowHour - 23; hour <= nowHour; hour++) {
                labels.add(format.format(Instant.ofEpochSecond(hour * SECONDS_PER_HOUR).atZone(zone)));
                add(counts, hours.get(hour));
            }
        } else {
            DateTimeFormatter format = DateTimeFormatter.ofPattern("MMM d", Locale.ENGLISH);
            LocalDate today = now.atZone(zone).toLocalDate();
            for (LocalDate day = today.minusDays(6); !day.isAfter(today); day = day.plusDays(1)) {
                labels.add(format.format(day));
                ZonedDateTime start = day.atStartOfDay(zone);
                long from = Math.floorDiv(start.toEpochSecond(), SECONDS_PER_HOUR);
                long to = Math.floorDiv(start.plus(1, ChronoUnit.DAYS).toEpochSecond(), SECONDS_PER_HOUR);
                long[] sum = new long[Outcome.values().length];
                hours.subMap(from, to).values().forEach(bucket -> {
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += bucket[i];
                    }
                });
                add(counts, sum);
            }
        }
        return new Chart(labels, counts);
    }

    private static void add(Map<Outcome, List<Long>> counts, long[] bucket) {
        for (Outcome outcome : Outcome.values()) {
            counts.get(outcome).add(bucket == null ? 0L : bucket[outcome.ordinal()]);
        }
    }

    ArrayNode toJson() {
        ArrayNode array = JSON.createArrayNode();
        hours.forEach((hour, counts) -> {
            ObjectNode node = array.addObject();
            node.put("hour", hour);
            for (Outcome outcome : Outcome.values()) {
                if (counts[outcome.ordinal()] > 0) {
                    node.put(outcome.name(), counts[outcome.ordinal()]);
                }
            }
        });
        return array;
    }

    void load(JsonNode array) {
        for (JsonNode node : array) {
            long[] counts = new long[Outcome.values().length];
            for (Outcome outcome : Outcome.values()) {
                counts[outcome.ordinal()] = node.path(outcome.name()).asLong();
            }
            hours.put(node.path("hour").asLong(), counts);
        }
        if (!hours.isEmpty()) {
            hours.headMap(hours.lastKey() - HOURS_KEPT + 1).clear();
        }
    }
}
