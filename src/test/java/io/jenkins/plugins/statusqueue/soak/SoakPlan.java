package io.jenkins.plugins.statusqueue.soak;

import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * The events of a soak, as Buildkite would send them for several pipelines and repositories: builds that run,
 * block, finish, and are retried (a second finish under the same number, later), delivered out of order and some
 * twice. Knows, independently of the plugin, which event is the newest of each status and what GitHub should show.
 */
final class SoakPlan {

    /** A pipeline and the repository it builds; two pipelines build {@code web}, each with its own context. */
    private static final String[][] PIPELINES = {{"web", "web"}, {"web-nightly", "web"}, {"api", "api"},
        {"lib", "lib"}, {"docs", "docs"}, {"deploy", "infra"}};
    static final String OWNER = "acme";
    private static final Set<String> ENDED = Set.of("passed", "failed", "canceled");

    /** One event of one build. */
    record Event(String pipeline, String repository, long number, String sha, String state, String blockedState,
            Instant startedAt, Instant finishedAt, String body) {

        Status status() {
            return new Status(repository, sha, "buildkite/" + pipeline);
        }

        /** The rule of the issue, written out again: build number, then the event's own time, then stage. */
        static final Comparator<Event> NEWEST_LAST = Comparator.comparingLong(Event::number)
                .thenComparing(event -> event.finishedAt() != null ? event.finishedAt() : event.startedAt())
                .thenComparingInt(event -> ENDED.contains(event.state()) ? 2 : event.state().equals("blocked") ? 1
                        : 0);

        /** What GitHub should show for this event, by the documented mapping. */
        String gitHubState() {
            return switch (state) {
                case "passed" -> "success";
                case "failed" -> "failure";
                case "canceled" -> "error";
                case "blocked" -> "failed".equals(blockedState) ? "failure" : "pending";
                default -> "pending";
            };
        }
    }

    /** A status on GitHub: repository (of {@link #OWNER}), commit and context. */
    record Status(String repository, String sha, String context) {
    }

    final List<Event> events = new ArrayList<>();
    /** Bodies in the order they are sent: out of order within a window, some twice. */
    final List<String> deliveries = new ArrayList<>();
    int retriedBuilds;
    int duplicates;
    int commits;

    SoakPlan(Random random, int targetDeliveries) {
        Map<String, Long> numbers = new HashMap<>();
        Map<String, String> lastCommit = new HashMap<>();
        Instant base = Instant.parse("2024-05-01T08:00:00Z");
        List<String> inOrder = new ArrayList<>();
        while (inOrder.size() < targetDeliveries * 0.92) {
            String[] pipeline = PIPELINES[random.nextInt(PIPELINES.length)];
            String sha = lastCommit.get(pipeline[0]);
            if (sha == null || random.nextInt(10) < 6) {
                sha = BuildkiteEvents.sha(++commits);
                lastCommit.put(pipeline[0], sha);
            }
            long number = numbers.merge(pipeline[0], 1L, Long::sum);
            Instant started = base.plusSeconds(number * 3600);
            List<Event> build = new ArrayList<>();
            if (random.nextInt(10) < 6) {
                build.add(event(random, pipeline, number, sha, "running", null, started, null));
            }
            if (random.nextInt(10) < 2) {
                build.add(event(random, pipeline, number, sha, "blocked", random.nextBoolean() ? "passed" : "failed",
                        started, started.plusSeconds(60)));
            }
            int roll = random.nextInt(10);
            String state = roll < 6 ? "passed" : roll < 9 ? "failed" : "canceled";
            Instant finished = started.plusSeconds(120 + random.nextInt(300));
            build.add(event(random, pipeline, number, sha, state, null, started, finished));
            if (state.equals("failed") && random.nextBoolean()) {
                retriedBuilds++;
                build.add(event(random, pipeline, number, sha, random.nextInt(4) == 0 ? "failed" : "passed", null,
                        started, finished.plusSeconds(300 + random.nextInt(600))));
            }
            events.addAll(build);
            build.forEach(event -> inOrder.add(event.body()));
        }
        deliveries.addAll(inOrder);
        for (int start = 0; start < deliveries.size(); start += 20) {
            Collections.shuffle(deliveries.subList(start, Math.min(deliveries.size(), start + 20)), random);
        }
        while (deliveries.size() < targetDeliveries) {
            int from = random.nextInt(deliveries.size());
            int to = Math.min(deliveries.size(), from + 1 + random.nextInt(200));
            deliveries.add(to, deliveries.get(from));
            duplicates++;
        }
    }

    private static Event event(Random random, String[] pipeline, long number, String sha, String state,
            String blockedState, Instant startedAt, Instant finishedAt) {
        BuildkiteEvents builder = BuildkiteEvents.build().organization(OWNER).pipeline(pipeline[0]).number(number)
                .commit(sha).state(state).blockedState(blockedState).times(startedAt, finishedAt)
                .repo("git@ghe.example.com:" + OWNER + "/" + pipeline[1] + ".git");
        String body = random.nextBoolean() ? builder.envelope() : builder.detail();
        return new Event(pipeline[0], pipeline[1], number, sha, state, blockedState, startedAt, finishedAt, body);
    }

    /** The newest event of every status: what GitHub must show in the end. */
    Map<Status, Event> newest() {
        Map<Status, Event> newest = new LinkedHashMap<>();
        for (Event event : events) {
            newest.merge(event.status(), event, (a, b) -> Event.NEWEST_LAST.compare(a, b) >= 0 ? a : b);
        }
        return newest;
    }

    Set<String> repositories() {
        Set<String> repositories = new java.util.TreeSet<>();
        for (String[] pipeline : PIPELINES) {
            repositories.add(pipeline[1]);
        }
        return repositories;
    }

    int pipelines() {
        return PIPELINES.length;
    }
}
