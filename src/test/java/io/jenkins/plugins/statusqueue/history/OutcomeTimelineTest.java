package io.jenkins.plugins.statusqueue.history;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class OutcomeTimelineTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:30:00Z");

    @Test
    void countsPerHourAndDayInTheGivenZone() {
        OutcomeTimeline timeline = new OutcomeTimeline();
        timeline.add(NOW, Outcome.POSTED);
        timeline.add(NOW.minusSeconds(1800), Outcome.POSTED);
        timeline.add(NOW.minus(Duration.ofHours(11)), Outcome.REJECTED); // 23:30 on Dec 1 in UTC
        OutcomeTimeline.Chart day = timeline.chart(OutcomeTimeline.Span.DAY, NOW, ZoneId.of("UTC"));
        assertEquals("10:00", day.labels().get(23));
        assertEquals(2L, day.counts().get(Outcome.POSTED).get(23));
        assertEquals(1L, day.counts().get(Outcome.REJECTED).get(12));
        assertEquals(3L, day.total());
        OutcomeTimeline.Chart utcWeek = timeline.chart(OutcomeTimeline.Span.WEEK, NOW, ZoneId.of("UTC"));
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 1L, 0L), utcWeek.counts().get(Outcome.REJECTED));
        // In Berlin (UTC+1) 23:30 UTC is already Dec 2.
        OutcomeTimeline.Chart berlinWeek = timeline.chart(OutcomeTimeline.Span.WEEK, NOW, ZoneId.of("Europe/Berlin"));
        assertEquals(List.of(0L, 0L, 0L, 0L, 0L, 0L, 1L), berlinWeek.counts().get(Outcome.REJECTED));
    }

    @Test
    void keepsEightDaysOfHoursAtMost() {
        OutcomeTimeline timeline = new OutcomeTimeline();
        for (int hour = 0; hour < 1000; hour++) {
            timeline.add(NOW.minus(Duration.ofHours(1000 - hour)), Outcome.POSTED);
        }
        assertEquals(OutcomeTimeline.HOURS_KEPT, timeline.toJson().size());
        OutcomeTimeline copy = new OutcomeTimeline();
        copy.load(timeline.toJson());
        assertEquals(timeline.toJson(), copy.toJson());
    }
}
