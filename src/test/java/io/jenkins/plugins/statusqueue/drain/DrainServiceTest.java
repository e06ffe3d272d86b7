package io.jenkins.plugins.statusqueue.drain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.events.StepJob;
import io.jenkins.plugins.statusqueue.github.CommitStatus;
import io.jenkins.plugins.statusqueue.github.PostResult;
import io.jenkins.plugins.statusqueue.github.StateMapping;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import io.jenkins.plugins.statusqueue.github.StatusSink;
import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.history.MessageRecord;
import io.jenkins.plugins.statusqueue.history.Outcome;
import io.jenkins.plugins.statusqueue.history.PassRecord;
import io.jenkins.plugins.statusqueue.queue.DeleteResult;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import io.jenkins.plugins.statusqueue.queue.QueueProbe;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import io.jenkins.plugins.statusqueue.sim.FaultyDisk;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The drain's decisions: what is posted, what is deleted, what stays, and how a failed pass backs off. */
class DrainServiceTest {

    private static final String GHE = "ghe.example.com";

    @TempDir
    Path dir;

    private final InMemoryQueue queue = new InMemoryQueue();
    private final List<CommitStatus> posted = new CopyOnWriteArrayList<>();
    private volatile Function<CommitStatus, PostResult> github = status -> PostResult.accepted("201 Created");

    private final StatusSink sink = new StatusSink() {
        @Override
        public PostResult post(CommitStatus status) {
            PostResult result = github.apply(status);
            if (result.kind() == PostResult.Kind.ACCEPTED) {
                posted.add(status);
            }
            return result;
        }

        @Override
        public String probe() {
            return "test sink";
        }
    };

    private DrainService service() {
        return new DrainService(DrainHistory.open(dir.resolve("history.json")), Clock.systemUTC());
    }

    private DrainSetup setup(DrainSettings settings) {
        return new DrainSetup(queue, sink, new EventDecoder(GHE),
                new StatusMapper(StateMapping.DEFAULTS, null, null), settings);
    }

    private DrainSetup setup() {
        return setup(new DrainSettings(1000, Duration.ofSeconds(30), 4, 0, Duration.ofSeconds(60)));
    }

    /** Sends a body and remembers its message id, so that the history's records can be found by body. */
    private final Map<String, String> idsByBody = new ConcurrentHashMap<>();

    private String send(String body) {
        idsByBody.put(body, queue.send(body));
        return body;
    }

    private MessageRecord recordOf(DrainService service, String body) {
        String id = idsByBody.get(body);
        return service.snapshot().messages().stream().filter(record -> id.equals(record.messageId())).findFirst()
                .orElseThrow(() -> new AssertionError("no record for " + body));
    }

    @Test
    void settlesEveryKindOfMessageAndDeletesOnlyFinalOutcomes() {
        String good = send(BuildkiteEvents.build().number(1).commit(BuildkiteEvents.sha(1)).envelope());
        String notJson = send("{not json");
        String skippedState = send(BuildkiteEvents.build().number(2).commit(BuildkiteEvents.sha(2)).state("skipped")
                .detail());
        String otherHost = send(BuildkiteEvents.build().number(3).commit(BuildkiteEvents.sha(3))
                .repo("git@github.com:acme/web.git").detail());
        String unknownRepo = send(BuildkiteEvents.build().number(4).commit(BuildkiteEvents.sha(4))
                .repo("git@ghe.example.com:acme/gone.git").detail());
        String flaky = send(BuildkiteEvents.build().number(5).commit(BuildkiteEvents.sha(5))
                .repo("git@ghe.example.com:acme/flaky.git").detail());
        String locked = send(BuildkiteEvents.build().number(6).commit(BuildkiteEvents.sha(6))
                .repo("git@ghe.example.com:acme/locked.git").detail());
        github = status -> switch (status.repository().name()) {
            case "gone" -> PostResult.rejected("404 Not Found");
            case "locked" -> PostResult.refused("403 Must have admin rights", "403 Must have admin rights");
            case "flaky" -> PostResult.retry("502 Bad Gateway", null);
            default -> PostResult.accepted("201 Created");
        };

        DrainService service = service();
        PassRecord pass = service.runPass(setup());

        assertEquals(Outcome.POSTED, recordOf(service, good).outcome());
        assertEquals(Outcome.INVALID, recordOf(service, notJson).outcome());
        assertEquals(Outcome.SKIPPED, recordOf(service, skippedState).outcome());
        assertEquals(Outcome.SKIPPED, recordOf(service, otherHost).outcome());
        assertTrue(recordOf(service, otherHost).reason().contains("github.com"), recordOf(service, otherHost).reason());
        assertEquals(Outcome.REJECTED, recordOf(service, unknownRepo).outcome());
        assertEquals(Outcome.RETRY, recordOf(service, flaky).outcome());
        assertEquals(Outcome.RETRY, recordOf(service, locked).outcome());
        assertEquals(List.of(flaky, locked), queue.bodies(), "only the transient failure and the refusal stay");
        assertEquals(Set.of(flaky, locked), Set.copyOf(queue.postponedBodies()), "and hidden for the retry delay");
        assertEquals(7, pass.received());
        assertEquals(5, pass.deleted());
        assertNull(pass.error(), "one flaky repository does not fail the pass");
        assertEquals(1, posted.size());
        assertEquals("buildkite/web", posted.get(0).context());
    }

    @Test
    void postsOnlyTheNewestBuildPerCommitAndContext() {
        String sha = BuildkiteEvents.sha(7);
        send(BuildkiteEvents.build().number(41).commit(sha).detail());
        send(BuildkiteEvents.build().number(43).commit(sha).state("failed").detail());
        send(BuildkiteEvents.build().number(42).commit(sha).detail());
        send(BuildkiteEvents.build().number(43).commit(sha).state("started").detail());

        DrainService service = service();
        PassRecord pass = service.runPass(setup());

        assertEquals(1, posted.size());
        assertEquals("Build #43 failed in 3m 12s", posted.get(0).description());
        assertEquals(3, pass.count(Outcome.SUPERSEDED));
        assertEquals(List.of(), queue.bodies());
    }

    @Test
    void anOlderOrRedeliveredEventNeverOverwritesANewerStatusEvenAfterARestart() {
        String sha = BuildkiteEvents.sha(8);
        Path ledger = dir.resolve("ledger.journal");
        DrainService first = new DrainService(DrainHistory.open(dir.resolve("h.json")), ledger, Clock.systemUTC());
        send(BuildkiteEvents.build().number(43).commit(sha).detail());
        first.runPass(setup());
        assertEquals(1, posted.size());

        DrainService restarted = new DrainService(DrainHistory.open(dir.resolve("h.json")), ledger,
                Clock.systemUTC());
        send(BuildkiteEvents.build().number(42).commit(sha).state("failed").detail());
        send(BuildkiteEvents.build().number(43).commit(sha).detail());
        PassRecord pass = restarted.runPass(setup());

        assertEquals(1, posted.size(), "neither the older build nor the redelivery was posted");
        assertEquals(2, pass.count(Outcome.SUPERSEDED));
        assertEquals(List.of(), queue.bodies(), "superseded messages are final and deleted");
    }

    @Test
    void aRetriedBuildThatFinishesLaterWinsInTheSamePassAcrossPassesAndAfterARestart() {
        Instant started = Instant.parse("2024-05-01T10:00:00Z");
        Instant firstFinish = started.plusSeconds(120);
        Instant retryFinish = started.plusSeconds(600);
        String samePass = BuildkiteEvents.sha(20);
        send(BuildkiteEvents.build().number(43).commit(samePass).state("failed").times(started, firstFinish)
                .detail());
        send(BuildkiteEvents.build().number(43).commit(samePass).state("passed").times(started, retryFinish)
                .detail());
        Path ledger = dir.resolve("ledger.journal");
        DrainService service = new DrainService(DrainHistory.open(dir.resolve("h.json")), ledger, Clock.systemUTC());
        PassRecord first = service.runPass(setup());
        assertEquals(List.of("Build #43 passed in 10m 0s"), posted.stream().map(CommitStatus::description).toList());
        assertEquals(1, first.count(Outcome.SUPERSEDED), "the first finish, superseded by its retry");

        String acrossPasses = BuildkiteEvents.sha(21);
        String failed = BuildkiteEvents.build().number(44).commit(acrossPasses).state("failed")
                .times(started, firstFinish).detail();
        String passed = BuildkiteEvents.build().number(44).commit(acrossPasses).state("passed")
                .times(started, retryFinish).detail();
        send(failed);
        service.runPass(setup());
        send(passed);
        service.runPass(setup());
        assertEquals(List.of("failure", "success"), statesPostedFor(acrossPasses));

        send(failed);
        service.runPass(setup());
        assertEquals(Outcome.SUPERSEDED, recordOf(service, failed).outcome(), "the older finish, arriving late");
        assertTrue(recordOf(service, failed).reason().contains("superseded by build #44 (passed at"),
                recordOf(service, failed).reason());

        DrainService restarted = new DrainService(DrainHistory.open(dir.resolve("h.json")), ledger,
                Clock.systemUTC());
        send(failed);
        send(passed);
        PassRecord afterRestart = restarted.runPass(setup());
        assertEquals(2, afterRestart.count(Outcome.SUPERSEDED), "the old finish and the redelivered retry");
        assertEquals(List.of("failure", "success"), statesPostedFor(acrossPasses));
        assertEquals(List.of(), queue.bodies());
    }

    private List<String> statesPostedFor(String sha) {
        return posted.stream().filter(status -> status.sha().equals(sha)).map(status -> status.state().wireName())
                .toList();
    }

    @Test
    void aTrueRedeliveryIsSupersededButAnotherStateOfTheSameBuildAtTheSameTimeIsNot() {
        String sha = BuildkiteEvents.sha(22);
        String blocked = send(BuildkiteEvents.build().number(7).commit(sha).state("blocked").blockedState("passed")
                .detail());
        String again = BuildkiteEvents.build().number(7).commit(sha).state("blocked").blockedState("passed").detail();
        DrainService service = service();
        service.runPass(setup());
        send(again + " ");
        send(BuildkiteEvents.build().number(7).commit(sha).state("passed").detail());
        PassRecord pass = service.runPass(setup());

        assertEquals(Outcome.POSTED, recordOf(service, blocked).outcome());
        assertEquals(1, pass.count(Outcome.SUPERSEDED), "the redelivered blocked event");
        assertEquals(List.of("pending", "success"), statesPostedFor(sha), "passed is a later stage at the same time");
    }

    @Test
    void pipelinesSharingAContextNeverMaskEachOthersBuildsByNumber() {
        String sha = BuildkiteEvents.sha(23);
        send(BuildkiteEvents.build().pipeline("deploy").number(900).commit(sha).detail());
        send(BuildkiteEvents.build().pipeline("web").number(5).commit(sha).state("failed").detail());
        DrainSetup sharedContext = new DrainSetup(queue, sink, new EventDecoder(GHE),
                new StatusMapper(StateMapping.DEFAULTS, "buildkite", null),
                new DrainSettings(1000, Duration.ofSeconds(30), 1, 0, Duration.ofSeconds(60)));

        PassRecord pass = service().runPass(sharedContext);

        assertEquals(2, pass.count(Outcome.POSTED));
        assertEquals(List.of("success", "failure"), statesPostedFor(sha));
    }

    @Test
    void aLoneSurrogateEscapeInAMessageIsCleanedAndTheHistorySaves() {
        String body = send(BuildkiteEvents.build().number(1).commit(BuildkiteEvents.sha(30)).pipeline("web-x")
                .detail().replace("web-x", "web\\ud800"));
        DrainService service = service();
        service.runPass(setup());
        assertEquals("buildkite/web\uFFFD", posted.get(0).context());

        MessageRecord saved = DrainHistory.open(dir.resolve("history.json")).snapshot().messages().stream()
                .filter(record -> idsByBody.get(body).equals(record.messageId())).findFirst()
                .orElseThrow(() -> new AssertionError("the history was not saved"));
        assertEquals(Outcome.POSTED, saved.outcome());
        assertEquals("buildkite/web\uFFFD", saved.context());
    }

    @Test
    void aRefusedTokenStopsThePassKeepsEveryMessageAndBacksOff() {
        for (int i = 0; i < 20; i++) {
            send(BuildkiteEvents.build().number(i + 1).commit(BuildkiteEvents.sha(100 + i)).detail());
        }
        github = status -> PostResult.refused("401 Bad credentials: the token was refused", "401 Bad credentials");

        DrainService service = service();
        PassRecord pass = service.runPass(setup());

        assertTrue(pass.failed());
        assertTrue(pass.error().matches("stopped early: GitHub Enterprise refused (\\d+) of \\1 status posts with 401 "
                + "Bad credentials; .*"), pass.error());
        assertFalse(pass.error().contains("\n"), "one line for the status page");
        assertEquals(pass.received(), pass.count(Outcome.RETRY), "refused or not attempted, never deleted");
        assertEquals(20, queue.bodies().size(), "nothing is deleted while the token is refused");
        assertEquals(0, pass.deleted());
        assertNotNull(service.backoffUntil());
        assertFalse(service.isDue(Duration.ofSeconds(1)), "the next pass waits for the back-off");
        service.requestPass();
        assertTrue(service.isDue(Duration.ofSeconds(1)), "an administrator's Drain now skips the back-off");

        github = status -> PostResult.accepted("201 Created");
        queue.expireVisibility();
        PassRecord recovered = service.runPass(setup());
        assertEquals(20, recovered.count(Outcome.POSTED));
        assertNull(service.backoffUntil(), "a good pass ends the back-off");
        assertEquals(List.of(), queue.bodies());
    }

    /**
     * A token that lost access to private repositories sees GitHub's 404 for each: the pass stops and keeps them all,
     * where a single unknown repository among accepted posts is final.
     */
    @Test
    void most404sStopThePassAndKeepTheirMessagesButA404AmongPostsIsFinal() {
        for (int i = 1; i <= 8; i++) {
            send(BuildkiteEvents.build().number(i).commit(BuildkiteEvents.sha(60 + i))
                    .repo("git@ghe.example.com:acme/private" + i + ".git").detail());
        }
        github = status -> PostResult.notFound("404 Not Found: repository " + status.repository().fullName()
                + " does not exist or the token cannot see it", "404 Not Found");
        DrainService service = service();
        PassRecord stopped = service.runPass(setup(new DrainSettings(1000, Duration.ofSeconds(30), 1, 0,
                Duration.ofSeconds(60))));
        assertTrue(stopped.error().startsWith("stopped early: GitHub Enterprise refused 5 of 5 status posts with "
                + "404 Not Found"), stopped.error());
        assertEquals(0, stopped.count(Outcome.REJECTED));
        assertEquals(8, queue.bodies().size(), "none deleted");

        queue.expireVisibility();
        github = status -> status.repository().name().equals("private3") ? PostResult.notFound("404 Not Found: "
                + "repository acme/private3 does not exist", "404 Not Found") : PostResult.accepted("201 Created");
        PassRecord pass = service.runPass(setup());
        assertEquals(1, pass.count(Outcome.REJECTED));
        assertEquals(7, pass.count(Outcome.POSTED));
        assertEquals(List.of(), queue.bodies());
    }

    @Test
    void aRepositoryTheTokenMayNotWriteToIsRetriedWithoutStoppingThePass() {
        for (int i = 0; i < 12; i++) {
            send(BuildkiteEvents.build().number(i + 1).commit(BuildkiteEvents.sha(500 + i)).detail());
        }
        String locked = send(BuildkiteEvents.build().number(1).commit(BuildkiteEvents.sha(520))
                .repo("git@ghe.example.com:acme/locked.git").detail());
        github = status -> status.repository().name().equals("locked")
                ? PostResult.refused("403 Resource not accessible: the token may not write commit statuses to "
                        + "acme/locked", "403 Resource not accessible")
                : PostResult.accepted("201 Created");

        DrainService service = service();
        PassRecord pass = service.runPass(setup());

        assertNull(pass.error(), "one refused repository among many does not stop the pass");
        assertEquals(12, pass.count(Outcome.POSTED));
        assertEquals(Outcome.RETRY, recordOf(service, locked).outcome());
        assertEquals(List.of(locked), queue.bodies(), "kept for the retry delay, then the dead-letter queue");
        assertEquals(List.of(locked), queue.postponedBodies());
    }

    @Test
    void aRateLimitBacksOffAtLeastAsLongAsGitHubAsked() {
        send(BuildkiteEvents.build().number(1).commit(BuildkiteEvents.sha(1)).detail());
        github = status -> PostResult.retry("403 API rate limit exceeded", Duration.ofMinutes(20));

        DrainService service = service();
        Instant before = Instant.now();
        PassRecord pass = service.runPass(setup());

        assertTrue(pass.failed());
        assertTrue(service.backoffUntil().isAfter(before.plus(Duration.ofMinutes(19))), "" + service.backoffUntil());
        assertEquals(1, queue.bodies().size());
    }

    @Test
    void aQueueFailureMidPassKeepsWhatWasReceivedAndLosesNothing() {
        for (int i = 0; i < 25; i++) {
            send(BuildkiteEvents.build().number(i + 1).commit(BuildkiteEvents.sha(200 + i)).detail());
        }
        queue.failReceivesAfter(1);

        DrainService service = service();
        PassRecord pass = service.runPass(setup());

        assertTrue(pass.failed());
        assertTrue(pass.error().startsWith("queue: "), pass.error());
        assertEquals(10, pass.count(Outcome.POSTED), "the batch received before the failure is posted");
        assertEquals(15, queue.bodies().size());

        queue.failReceivesAfter(Integer.MAX_VALUE);
        service.runPass(setup());
        assertEquals(25, posted.size());
        assertEquals(List.of(), queue.bodies());
    }

    @Test
    void aFailedDeleteIsReportedAndTheRedeliveryIsNotPostedAgain() {
        String body = send(BuildkiteEvents.build().number(9).commit(BuildkiteEvents.sha(9)).pipeline("stuck")
                .detail());
        queue.failDeletesOf("stuck");

        DrainService service = service();
        service.runPass(setup());
        MessageRecord record = recordOf(service, body);
        assertEquals(Outcome.POSTED, record.outcome());
        assertTrue(record.reason().contains("not deleted (InternalError)"), record.reason());
        assertEquals(List.of(body), queue.bodies());

        queue.failDeletesOf(null);
        queue.expireVisibility();
        PassRecord again = service.runPass(setup());
        assertEquals(1, again.count(Outcome.SUPERSEDED));
        assertEquals(1, posted.size());
        assertEquals(List.of(), queue.bodies());
    }

    @Test
    void theJournalHoldsEveryPostedStatusBeforeItsMessageIsDeleted() {
        Path journal = dir.resolve("ledger.journal");
        for (int i = 0; i < 25; i++) {
            send(BuildkiteEvents.build().number(i + 1).commit(BuildkiteEvents.sha(400 + i)).detail());
        }
        List<String> unjournaled = new CopyOnWriteArrayList<>();
        queue.beforeDelete(batch -> {
            PostedStatusLedger onDisk = PostedStatusLedger.open(journal, 100);
            for (var message : batch) {
                var event = new EventDecoder(GHE).decode(message.body()).event();
                StatusKey key = new StatusKey("acme", "web", event.repository().toString(), event.commit(),
                        "buildkite/web");
                if (onDisk.posted(key) == null) {
                    unjournaled.add(event.commit());
                }
            }
        });
        DrainService service = new DrainService(DrainHistory.open(null), journal, Clock.systemUTC());

        PassRecord pass = service.runPass(setup());

        assertEquals(25, pass.deleted());
        assertEquals(List.of(), unjournaled, "deleted before the journal held their status");
    }

    @Test
    void aPassThatFindsTheQueueEmptyStartsNoThread() throws InterruptedException {
        DrainService service = service();
        service.runPass(setup()); // the first starts the receive thread that later passes reuse
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long started = threads.getTotalStartedThreadCount();

        for (int i = 0; i < 3; i++) {
            Thread.sleep(100); // passes are seconds apart: the receive thread is back waiting for work
            assertEquals(0, service.runPass(setup()).received());
        }

        assertEquals(started, threads.getTotalStartedThreadCount(), "a thread start writes the JVM's perf-data page");
    }

    @Test
    void deletesInGroupsOfBatchesEachAfterOneFlushOfTheJournal() throws Exception {
        Path journal = dir.resolve("ledger.journal");
        for (int i = 0; i < 70; i++) {
            send(BuildkiteEvents.build().number(i + 1).commit(BuildkiteEvents.sha(700 + i)).detail());
        }
        List<Integer> groups = new CopyOnWriteArrayList<>();
        List<Long> journalSizes = new CopyOnWriteArrayList<>();
        queue.beforeDelete(batch -> {
            groups.add(batch.size());
            try {
                journalSizes.add(java.nio.file.Files.size(journal));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        DrainService service = new DrainService(DrainHistory.open(null), journal, Clock.systemUTC());

        PassRecord pass = service.runPass(setup(new DrainSettings(1000, Duration.ofSeconds(30), 1, 0,
                Duration.ofSeconds(60))));

        assertEquals(70, pass.deleted());
        assertEquals(List.of(30, 30, 10), groups, "three batches per journal flush, the rest at the end");
        assertEquals(journalSizes.stream().distinct().count(), journalSizes.size(), "one flush before each group");
    }

    @Test
    void aSlowTrickleIsDeletedWithinTheTimeBoundNotAtTheEndOfThePass() throws Exception {
        send(BuildkiteEvents.build().number(1).commit(BuildkiteEvents.sha(801)).detail());
        List<Instant> deletes = new CopyOnWriteArrayList<>();
        queue.beforeDelete(batch -> deletes.add(Instant.now()));
        DrainService service = service();
        Thread trickle = new Thread(() -> {
            for (int i = 2; i <= 4; i++) {
                try {
                    Thread.sleep(1500);
                } catch (InterruptedException e) {
                    return;
                }
                send(BuildkiteEvents.build().number(i).commit(BuildkiteEvents.sha(800 + i)).detail());
            }
        });
        trickle.start();
        Instant started = Instant.now();

        QueueSource longPolling = new LongPollingQueue(queue, new CountDownLatch(1));

        PassRecord pass = service.runPass(new DrainSetup(longPolling, sink, new EventDecoder(GHE),
                new StatusMapper(StateMapping.DEFAULTS, null, null), new DrainSettings(1000, Duration.ofSeconds(30),
                        4, 2, Duration.ofSeconds(60))));
        trickle.join();

        assertEquals(4, pass.deleted());
        assertTrue(deletes.size() >= 2, "deleted along the way: " + deletes);
        assertTrue(Duration.between(started, deletes.get(0)).compareTo(Duration.ofSeconds(4)) < 0,
                "the first message waited " + Duration.between(started, deletes.get(0)));
    }

    @Test
    void whenTheJournalCannotBeSavedPostedAndSupersededMessagesStay() throws Exception {
        java.nio.file.Files.writeString(dir.resolve("no-dir"), "a file where the journal's directory should be");
        String sha = BuildkiteEvents.sha(40);
        String newer = send(BuildkiteEvents.build().number(2).commit(sha).detail());
        String older = send(BuildkiteEvents.build().number(1).commit(sha).detail());
        String invalid = send("{not json");
        DrainService service = new DrainService(DrainHistory.open(null), dir.resolve("no-dir/ledger.journal"),
                Clock.systemUTC());

        service.runPass(setup());

        assertEquals(Outcome.POSTED, recordOf(service, newer).outcome());
        assertTrue(recordOf(service, newer).reason().contains("not deleted (the posted-status journal cannot be "
                + "saved)"), recordOf(service, newer).reason());
        assertEquals(Outcome.SUPERSEDED, recordOf(service, older).outcome());
        assertEquals(List.of(newer, older), queue.bodies(), "the invalid message is deleted, the others stay");
        assertEquals(Outcome.INVALID, recordOf(service, invalid).outcome());
    }

    /**
     * The race of a real Jenkins: per-step statuses switched on while a pass waits in its long poll, then a job event
     * sent. The pass receives no more, hands the job event to the next pass, which has the new settings.
     */
    @Test
    void aConfigurationSavedMidPassAppliesToWhatArrivesAfterIt() throws Exception {
        CountDownLatch polling = new CountDownLatch(1);
        QueueSource longPolling = new LongPollingQueue(queue, polling);
        String held = send(BuildkiteEvents.build().number(1).commit(BuildkiteEvents.sha(50)).envelope());
        DrainSettings settings = new DrainSettings(1000, Duration.ofSeconds(30), 4, 5, Duration.ofSeconds(60));
        DrainSetup buildsOnly = new DrainSetup(longPolling, sink, new EventDecoder(GHE),
                new StatusMapper(StateMapping.DEFAULTS, null, null), settings);
        DrainSetup withSteps = new DrainSetup(longPolling, sink, new EventDecoder(GHE, StepJob.STATUS_TYPES),
                new StatusMapper(StateMapping.DEFAULTS, null, null), settings);
        DrainService service = service();
        long generation = service.configurationGeneration();
        CompletableFuture<PassRecord> first = CompletableFuture.supplyAsync(() -> service.runPass(buildsOnly,
                generation));

        assertTrue(polling.await(10, TimeUnit.SECONDS), "the pass waits in its long poll");
        service.configurationChanged();
        String jobEvent = send(BuildkiteEvents.build().number(1).commit(BuildkiteEvents.sha(50))
                .job("Unit tests", "unit").envelope());
        PassRecord stopped = first.get(20, TimeUnit.SECONDS);

        assertEquals(Outcome.POSTED, recordOf(service, held).outcome(), "held before the save: done as it was");
        assertEquals(1, stopped.received(), "the job event is not handled with the old settings");
        assertNull(stopped.error(), "not a failed pass: no back-off");
        assertTrue(service.isDue(Duration.ofHours(1)), "the next pass runs at once");

        PassRecord again = service.runPass(buildsOnly, generation);
        assertEquals(0, again.received(), "a pass whose configuration changed before it began hands over too");

        PassRecord next = service.runPass(withSteps, service.configurationGeneration());
        assertEquals(1, next.count(Outcome.POSTED), "handed over to the pass with the new settings, without waiting "
                + "for its visibility timeout");
        assertEquals(Outcome.POSTED, recordOf(service, jobEvent).outcome());
        assertEquals(List.of("buildkite/web", "buildkite/web/unit"), posted.stream().map(CommitStatus::context)
                .toList());
        assertEquals(List.of(), queue.bodies());
    }

    @Test
    void whileTheDiskIsFullTheDrainStopsReceivingSaysWhyAndResumesOnceItIsNot() {
        FaultyDisk disk = new FaultyDisk();
        DrainService service = new DrainService(DrainHistory.open(dir.resolve("history.json"), disk),
                dir.resolve("posted.journal"), disk, Clock.systemUTC());
        for (int i = 1; i <= 100; i++) {
            send(BuildkiteEvents.build().number(i).commit(BuildkiteEvents.sha(1000 + i)).detail());
        }
        disk.full(true);
        // The first batch at once, the next only once a save of the journal failed: receiving then stops.
        AtomicInteger receives = new AtomicInteger();
        QueueSource gated = new LongPollingQueue(queue, new CountDownLatch(1)) {
            @Override
            public List<QueueMessage> receive(int maxMessages, int waitSeconds) throws QueueException {
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (receives.getAndIncrement() > 0 && disk.failedWrites() == 0 && System.nanoTime() < until) {
                    Thread.onSpinWait();
                }
                return super.receive(maxMessages, waitSeconds);
            }
        };
        PassRecord stopped = service.runPass(new DrainSetup(gated, sink, new EventDecoder(GHE),
                new StatusMapper(StateMapping.DEFAULTS, null, null), setup().settings()));

        assertTrue(stopped.error().startsWith("the journal cannot be written: posted.journal: "
                + FaultyDisk.NO_SPACE), stopped.error());
        assertTrue(stopped.received() < 100, "stopped receiving: " + stopped.received());
        assertEquals(100, queue.bodies().size(), "posted, but not deleted while the journal cannot hold it");
        DrainTicker ticker = new DrainTicker(service);
        service.requestPass();
        int receivesBefore = queue.receiveCalls();
        assertEquals(Optional.empty(), ticker.tick(true, Duration.ZERO, this::setup), "logged once, by the file");
        assertEquals("the journal cannot be written: posted.journal: " + FaultyDisk.NO_SPACE + " ("
                + stopped.count(Outcome.POSTED) + " posted statuses wait in memory)", ticker.idleReason());
        assertEquals(0, service.runPass(setup()).received());
        assertEquals(receivesBefore, queue.receiveCalls(), "no message is received to walk towards the dead-letter "
                + "queue");

        disk.full(false);
        queue.expireVisibility();
        service.requestPass(); // "Drain now", past the back-off of the stopped pass
        ticker.tick(true, Duration.ZERO, this::setup);
        assertNull(ticker.idleReason());
        assertNull(service.writeProblem());
        assertEquals(List.of(), queue.bodies());
        assertEquals(100, posted.size(), "the redeliveries of what was posted are not posted again");
        assertEquals(stopped.received() + 100L, DrainHistory.open(dir.resolve("history.json")).snapshot().messages()
                .size(), "the history written once the disk took it");
    }

    @Test
    void anUnexpectedSinkFailureIsATransientOutcomeNotAStoppedDrain() {
        String body = send(BuildkiteEvents.build().number(1).commit(BuildkiteEvents.sha(1)).detail());
        github = status -> {
            throw new IllegalStateException("bug");
        };

        DrainService service = service();
        PassRecord pass = service.runPass(setup());

        assertEquals(1, pass.count(Outcome.RETRY));
        assertEquals(List.of(body), queue.bodies());
    }

    @Test
    void aPassEndsWithinItsBoundPlusTheGraceWhateverGitHubDoesAndTheMessageStays() {
        String body = send(BuildkiteEvents.build().number(1).commit(BuildkiteEvents.sha(600)).detail());
        CountDownLatch answer = new CountDownLatch(1);
        github = status -> {
            // A post that does not even heed an interrupt.
            while (true) {
                try {
                    answer.await();
                    return PostResult.accepted("201 Created, far too late");
                } catch (InterruptedException ignored) {
                    // keep waiting
                }
            }
        };

        DrainService service = service();
        PassRecord pass;
        try {
            pass = service.runPass(setup(new DrainSettings(1000, Duration.ofSeconds(1), 4, 0,
                    Duration.ofSeconds(60))));
        } finally {
            answer.countDown();
        }

        assertTrue(pass.duration().compareTo(Duration.ofSeconds(1).plus(DrainSettings.GRACE).plusSeconds(2)) < 0,
                "the pass took " + pass.duration());
        MessageRecord record = recordOf(service, body);
        assertEquals(Outcome.RETRY, record.outcome());
        assertTrue(record.reason().contains("still in flight when the pass ended"), record.reason());
        assertTrue(pass.error().contains("still waiting for GitHub Enterprise"), pass.error());
        assertEquals(List.of(body), queue.bodies(), "in flight, so it stays in the queue");
    }

    @Test
    void aWorkerThatFailsRecordsItsMessageAsRetryWithTheError() {
        String body = send(BuildkiteEvents.build().number(1).commit(BuildkiteEvents.sha(601)).detail());
        github = status -> {
            throw new NoClassDefFoundError("org/kohsuke/github/GHCommitState");
        };

        DrainService service = service();
        service.runPass(setup());

        MessageRecord record = recordOf(service, body);
        assertEquals(Outcome.RETRY, record.outcome());
        assertTrue(record.reason().contains("worker failed: java.lang.NoClassDefFoundError"), record.reason());
        assertEquals(List.of(body), queue.bodies());
    }

    @Test
    void aPassIsBoundedByItsMessageCount() {
        for (int i = 0; i < 30; i++) {
            send(BuildkiteEvents.build().number(i + 1).commit(BuildkiteEvents.sha(300 + i)).detail());
        }
        PassRecord pass = service().runPass(setup(new DrainSettings(12, Duration.ofSeconds(30), 4, 0,
                Duration.ofSeconds(60))));
        assertEquals(12, pass.received());
        assertEquals(18, queue.bodies().size());
    }

    @Test
    void backOffDoublesFromTenSecondsToFiveMinutes() {
        assertEquals(Duration.ofSeconds(10), DrainService.exponentialBackoff(1));
        assertEquals(Duration.ofSeconds(20), DrainService.exponentialBackoff(2));
        assertEquals(Duration.ofSeconds(160), DrainService.exponentialBackoff(5));
        assertEquals(Duration.ofMinutes(5), DrainService.exponentialBackoff(6));
        assertEquals(Duration.ofMinutes(5), DrainService.exponentialBackoff(1000));
    }
}
