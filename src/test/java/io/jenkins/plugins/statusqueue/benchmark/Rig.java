package io.jenkins.plugins.statusqueue.benchmark;

import com.amazonaws.services.sqs.AmazonSQS;
import com.amazonaws.services.sqs.model.SendMessageBatchRequest;
import com.amazonaws.services.sqs.model.SendMessageBatchRequestEntry;
import com.sun.management.OperatingSystemMXBean;
import io.jenkins.plugins.statusqueue.sim.ApiGatewayEmulator;
import io.jenkins.plugins.statusqueue.sim.BuildkiteEvents;
import io.jenkins.plugins.statusqueue.sim.ElasticMq;
import io.jenkins.plugins.statusqueue.sim.GheSimulator;
import io.jenkins.plugins.statusqueue.sim.Sandbox;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The benchmark's simulated stack in a JVM of its own: ElasticMQ, an API Gateway emulator per queue and the GitHub
 * Enterprise simulator, on free ports, so that they do not share the engine's heap, JIT and threads. Driven by
 * {@link RigProcess} through stdin: one command a line, one answer a line on stdout, starting with {@code rig }.
 * It exits when stdin ends, so it never outlives the benchmark.
 */
public final class Rig {

    static final String ANSWER = "rig ";
    static final Duration GHE_LATENCY = Duration.ofMillis(50);
    private static final int FILL_THREADS = 4;

    private final ElasticMq mq;
    private final GheSimulator ghe;
    private final Map<String, ApiGatewayEmulator> gateways = new HashMap<>();
    private final Map<String, String> queueUrls = new HashMap<>();

    private Rig(ElasticMq mq, GheSimulator ghe) {
        this.mq = mq;
        this.ghe = ghe;
    }

    public static void main(String[] args) throws Exception {
        // Answers go to the real stdout; whatever a library prints goes to stderr instead.
        PrintStream answers = System.out;
        System.setOut(System.err);
        try (ElasticMq mq = ElasticMq.start(); GheSimulator ghe = GheSimulator.start()) {
            ghe.latency(GHE_LATENCY).rateLimit(0, Duration.ofHours(1));
            Rig rig = new Rig(mq, ghe);
            answers.println(ANSWER + ProcessHandle.current().pid() + " " + ghe.apiUrl());
            BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String line = commands.readLine(); line != null && !line.equals("quit"); line = commands.readLine()) {
                String answer;
                try {
                    answer = rig.run(line.split(" "));
                } catch (Exception e) {
                    e.printStackTrace();
                    answer = "error " + e;
                }
                answers.println(ANSWER + answer);
            }
            rig.gateways.values().forEach(ApiGatewayEmulator::close);
        }
    }

    private String run(String[] command) throws Exception {
        return switch (command[0]) {
            // queue NAME ORIGINAL|IMPROVED: a new queue behind a new emulator; answers the emulator's URL
            case "queue" -> queue(command[1], ApiGatewayEmulator.Stack.valueOf(command[2]));
            // fill NAME FIRST COUNT DISTINCT: COUNT events from commit FIRST over DISTINCT repositories
            case "fill" -> fill(command[1], Integer.parseInt(command[2]), Integer.parseInt(command[3]),
                    Integer.parseInt(command[4]));
            // trickle NAME FIRST COUNT GAP_MS: events one at a time; answers enqueue-to-stored times in µs
            case "trickle" -> trickle(command[1], Integer.parseInt(command[2]), Integer.parseInt(command[3]),
                    Long.parseLong(command[4]));
            // stats NAME: API Gateway requests of that queue, GHE requests, statuses stored, this JVM's CPU ns
            case "stats" -> stats(command[1]);
            default -> throw new IllegalArgumentException("unknown command " + command[0]);
        };
    }

    private String queue(String name, ApiGatewayEmulator.Stack stack) throws Exception {
        String queueUrl = mq.createQueue(name);
        ApiGatewayEmulator gateway = ApiGatewayEmulator.start(mq, queueUrl, stack);
        queueUrls.put(name, queueUrl);
        gateways.put(name, gateway);
        return "ok " + gateway.apiUrl();
    }

    /** Sends the events in batches of 10 from a few threads, and returns once all are in the queue. */
    private String fill(String name, int first, int count, int distinct) throws Exception {
        for (int k = 0; k < Math.min(count, distinct); k++) {
            ghe.repository("acme", repository(k));
        }
        String queueUrl = queueUrls.get(name);
        ExecutorService senders = Executors.newFixedThreadPool(FILL_THREADS);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int t = 0; t < FILL_THREADS; t++) {
                int thread = t;
                sent.add(senders.submit(() -> {
                    AmazonSQS sqs = mq.client();
                    for (int i = thread * 10; i < count; i += FILL_THREADS * 10) {
                        List<SendMessageBatchRequestEntry> entries = new ArrayList<>();
                        for (int j = i; j < Math.min(count, i + 10); j++) {
                            entries.add(new SendMessageBatchRequestEntry(Integer.toString(j),
                                    event(first + j, j % distinct)));
                        }
                        sqs.sendMessageBatch(new SendMessageBatchRequest(queueUrl, entries));
                    }
                    return null;
                }));
            }
            for (Future<?> done : sent) {
                done.get();
            }
        } finally {
            senders.shutdown();
        }
        return "ok " + mq.depth(queueUrl);
    }

    /**
     * Sends events to one repository one at a time, {@code gap} apart, and times each from just before it is sent
     * to the moment the simulator stores its status.
     */
    private String trickle(String name, int first, int count, long gapMillis) throws InterruptedException {
        ghe.repository("acme", repository(0));
        Map<String, Long> sent = new ConcurrentHashMap<>();
        Map<String, Long> micros = new ConcurrentHashMap<>();
        CountDownLatch stored = new CountDownLatch(count);
        ghe.onStatus(status -> {
            Long at = sent.get(status.sha());
            if (at != null && micros.putIfAbsent(status.sha(), (System.nanoTime() - at) / 1000) == null) {
                stored.countDown();
            }
        });
        try {
            String queueUrl = queueUrls.get(name);
            for (int i = 0; i < count; i++) {
                sent.put(BuildkiteEvents.sha(first + i), System.nanoTime());
                mq.client().sendMessage(queueUrl, event(first + i, 0));
                Thread.sleep(gapMillis);
            }
            stored.await(60, TimeUnit.SECONDS);
        } finally {
            ghe.onStatus(null);
        }
        return "ok " + micros.values().stream().map(String::valueOf).collect(Collectors.joining(","));
    }

    private String stats(String name) {
        ApiGatewayEmulator gateway = gateways.get(name);
        long cpu = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class).getProcessCpuTime();
        return "ok " + (gateway == null ? 0 : gateway.totalRequests()) + " " + ghe.requests().size() + " "
                + ghe.statuses().size() + " " + cpu;
    }

    /** Repository and pipeline {@code k}: each of the distinct ones has its own repository and status context. */
    private static String repository(int k) {
        return "repo-" + k;
    }

    private static String event(int commit, int k) {
        return BuildkiteEvents.build().pipeline("pipeline-" + k).number(commit + 1L).commit(BuildkiteEvents.sha(commit))
                .repo("git@" + Sandbox.GHE_HOST + ":acme/" + repository(k) + ".git").envelope();
    }
}
