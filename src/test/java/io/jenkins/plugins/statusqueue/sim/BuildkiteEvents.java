package io.jenkins.plugins.statusqueue.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.UUID;

/**
 * Builds Buildkite build events, and job events ("Job Started", "Job Finished": {@link #job}), as the EventBridge
 * rule stores them: the whole envelope, or the detail alone (what the original rule's {@code InputPath: $.detail}
 * keeps). Job events have the shape Buildkite documents: a {@code job} object beside the {@code build},
 * {@code pipeline} and {@code organization}.
 */
public final class BuildkiteEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter BUILDKITE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
            Locale.ROOT).withZone(ZoneOffset.UTC);

    private String organization = "acme";
    private String pipeline = "web";
    private long number = 42;
    private String commit = "0123456789abcdef0123456789abcdef01234567";
    private String branch = "main";
    private String state = "passed";
    private String blockedState;
    private Instant startedAt = Instant.parse("2019-08-11T06:01:16Z");
    private Instant finishedAt = Instant.parse("2019-08-11T06:04:28Z");
    private String repo = "git@ghe.example.com:acme/web.git";
    private ObjectNode job;
    private String detailType;
    private String agent;

    public static BuildkiteEvents build() {
        return new BuildkiteEvents();
    }

    /** A deterministic 40-character SHA for the n-th commit of a test. */
    public static String sha(long n) {
        // A scrambled prefix, so that short SHAs differ as real ones do; the rest keeps every n distinct.
        return String.format(Locale.ROOT, "%08x%032x", (n * 0x9E3779B1L) & 0xffffffffL, n + 0xabc0000L);
    }

    public BuildkiteEvents organization(String value) {
        organization = value;
        return this;
    }

    public BuildkiteEvents pipeline(String value) {
        pipeline = value;
        return this;
    }

    public BuildkiteEvents number(long value) {
        number = value;
        return this;
    }

    public BuildkiteEvents commit(String value) {
        commit = value;
        return this;
    }

    public BuildkiteEvents branch(String value) {
        branch = value;
        return this;
    }

    public BuildkiteEvents state(String value) {
        state = value;
        return this;
    }

    public BuildkiteEvents blockedState(String value) {
        blockedState = value;
        return this;
    }

    public BuildkiteEvents times(Instant started, Instant finished) {
        startedAt = started;
        finishedAt = finished;
        return this;
    }

    public BuildkiteEvents repo(String value) {
        repo = value;
        return this;
    }

    /**
     * Makes this a job event of a command step: passed, with this label and step key ({@code null} for none), its own
     * id, and times after the build's start. The build itself is {@code running}, as it is while its jobs finish.
     */
    public BuildkiteEvents job(String label, String stepKey) {
        state = "running";
        job = JSON.createObjectNode();
        job.put("uuid", UUID.randomUUID().toString());
        job.put("graphql_id", "Sm9iLS0t");
        job.put("type", "script");
        job.put("label", label);
        job.put("step_key", stepKey);
        job.put("command", "make test");
        job.put("state", "finished");
        job.put("passed", true);
        job.put("soft_failed", false);
        job.put("exit_status", 0);
        job.putNull("parallel_group_index");
        job.putNull("parallel_group_total");
        job.put("retried", false);
        return jobTimes(startedAt, finishedAt);
    }

    /** The job's {@code type}: {@code script}, {@code trigger}, {@code waiter}, {@code manual}. */
    public BuildkiteEvents jobType(String value) {
        job.put("type", value);
        return this;
    }

    /** A finished job that failed with this exit status; soft-failed when its step allows failure. */
    public BuildkiteEvents jobFailed(int exitStatus, boolean softFailed) {
        job.put("state", "finished");
        job.put("passed", false);
        job.put("soft_failed", softFailed);
        job.put("exit_status", exitStatus);
        return this;
    }

    /**
     * The job's {@code state}: {@code started} as Buildkite publishes a Job Started event, {@code canceled},
     * {@code timed_out}, ...
     */
    public BuildkiteEvents jobState(String value) {
        job.put("state", value);
        if (!value.equals("finished")) {
            job.put("passed", false);
            job.putNull("exit_status");
        }
        if (running(value)) {
            job.putNull("finished_at");
        }
        return this;
    }

    private static boolean running(String jobState) {
        return jobState.equals("started") || jobState.equals("running");
    }

    /** The envelope's {@code detail-type}, for the events it is not worked out from: Job Scheduled, Build Failing. */
    public BuildkiteEvents detailType(String value) {
        detailType = value;
        return this;
    }

    /** The agent that ran the job, as Buildkite's Job Finished sample carries it beside the job. */
    public BuildkiteEvents agent(String uuid) {
        agent = uuid;
        return this;
    }

    public BuildkiteEvents jobTimes(Instant started, Instant finished) {
        job.put("started_at", started == null ? null : BUILDKITE_TIME.format(started));
        job.put("finished_at", finished == null ? null : BUILDKITE_TIME.format(finished));
        return this;
    }

    /** A retry is a new job of the same step: a new id. */
    public BuildkiteEvents jobId(String uuid) {
        job.put("uuid", uuid);
        return this;
    }

    public BuildkiteEvents parallel(int index, int total) {
        job.put("parallel_group_index", index);
        job.put("parallel_group_total", total);
        return this;
    }

    /** The {@code detail} object alone. */
    public String detail() {
        return detailNode().toString();
    }

    /** The whole EventBridge event. */
    public String envelope() {
        ObjectNode envelope = JSON.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", UUID.randomUUID().toString());
        envelope.put("detail-type", detailType != null ? detailType : job != null
                ? (running(job.path("state").asText()) ? "Job Started" : "Job Finished")
                : state.equals("started") ? "Build Started" : "Build Finished");
        envelope.put("source", "aws.partner/buildkite.com/" + organization + "/0123abcd");
        envelope.put("account", "123456789012");
        envelope.put("time", (finishedAt == null ? Instant.now() : finishedAt).toString());
        envelope.put("region", "us-east-1");
        envelope.putArray("resources");
        envelope.set("detail", detailNode());
        return envelope.toString();
    }

    private ObjectNode detailNode() {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("version", 1);
        if (job != null) {
            detail.set("job", job.deepCopy());
        }
        ObjectNode build = detail.putObject("build");
        build.put("uuid", UUID.nameUUIDFromBytes((pipeline + number).getBytes()).toString());
        build.put("number", number);
        build.put("commit", commit);
        build.put("message", "Change " + number);
        build.put("branch", branch);
        build.put("state", state);
        build.put("blocked_state", blockedState);
        build.put("source", "webhook");
        build.put("started_at", startedAt == null ? null : BUILDKITE_TIME.format(startedAt));
        build.put("finished_at", finishedAt == null ? null : BUILDKITE_TIME.format(finishedAt));
        ObjectNode pipelineNode = detail.putObject("pipeline");
        pipelineNode.put("uuid", UUID.nameUUIDFromBytes(pipeline.getBytes()).toString());
        pipelineNode.put("slug", pipeline);
        pipelineNode.put("repo", repo);
        ObjectNode organizationNode = detail.putObject("organization");
        organizationNode.put("uuid", UUID.nameUUIDFromBytes(organization.getBytes()).toString());
        organizationNode.put("slug", organization);
        if (agent != null) {
            detail.putObject("agent").put("uuid", agent);
        }
        return detail;
    }
}
