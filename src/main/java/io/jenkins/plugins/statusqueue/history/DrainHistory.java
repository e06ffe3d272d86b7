package io.jenkins.plugins.statusqueue.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import io.jenkins.plugins.statusqueue.store.Disk;
import io.jenkins.plugins.statusqueue.store.DurableFiles;
import io.jenkins.plugins.statusqueue.store.WriteState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bounded record of drain passes and message outcomes, with running totals, kept in a JSON file so that it
 * survives a restart. Thread-safe.
 */
public final class DrainHistory {

    public static final int DEFAULT_MAX_PASSES = 500;
    public static final int DEFAULT_MAX_MESSAGES = 2000;

    private static final Logger LOGGER = Logger.getLogger(DrainHistory.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int FORMAT = 1;

    private final Path file;
    private final Disk disk;
    private final WriteState writeState;
    /** Set while the file lacks passes recorded in memory: a save failed. */
    private boolean behind;
    private final int maxPasses;
    private final int maxMessages;
    private final Deque<PassRecord> passes = new ArrayDeque<>();
    private final Deque<MessageRecord> messages = new ArrayDeque<>();
    private final Map<Outcome, Long> totals = new EnumMap<>(Outcome.class);
    private long passCount;
    /** Not saved: when the queue was last found empty, and how often since the last recorded pass. */
    private Instant lastEmptyPass;
    private long emptyPasses;

    private DrainHistory(Path file, Disk disk, int maxPasses, int maxMessages) {
        this.file = file;
        this.disk = disk;
        this.writeState = new WriteState("the drain history " + file, "the drain stops receiving until it can; "
                + "the history in memory is complete and saved then");
        this.maxPasses = maxPasses;
        this.maxMessages = maxMessages;
    }

    /** Opens the history kept in {@code file}, or starts an empty one when the file does not exist yet. */
    public static DrainHistory open(Path file) {
        return open(file, Disk.LOCAL, DEFAULT_MAX_PASSES, DEFAULT_MAX_MESSAGES);
    }

    /** Opens the history kept in {@code file}, written through {@code disk}. */
    public static DrainHistory open(Path file, Disk disk) {
        return open(file, disk, DEFAULT_MAX_PASSES, DEFAULT_MAX_MESSAGES);
    }

    /**
     * Opens the history kept in {@code file}. A file that cannot be read is moved aside (never silently
     * overwritten) and the history starts empty.
     */
    public static DrainHistory open(Path file, int maxPasses, int maxMessages) {
        return open(file, Disk.LOCAL, maxPasses, maxMessages);
    }

    private static DrainHistory open(Path file, Disk disk, int maxPasses, int maxMessages) {
        DrainHistory history = new DrainHistory(file, disk, maxPasses, maxMessages);
        if (file != null && Files.exists(file)) {
            try {
                history.load(JSON.readTree(file.toFile()));
            } catch (IOException | RuntimeException e) {
                Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
                LOGGER.log(Level.WARNING, "Cannot read drain history " + file + "; moving it to " + aside, e);
                history.clear();
                try {
                    Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException moveFailed) {
                    LOGGER.log(Level.WARNING, "Cannot move " + file + " aside", moveFailed);
                }
            }
        }
        return history;
    }

    /**
     * Records a pass and its messages, then saves the file. A pass that found the queue empty and did not fail is
     * only counted, in memory: an idle controller writes nothing, and idle passes do not push the busy ones out.
     */
    public void record(PassRecord pass, List<MessageRecord> passMessages) {
        String json;
        synchronized (this) {
            if (pass.foundQueueEmpty() && passMessages.isEmpty()) {
                lastEmptyPass = pass.started();
                emptyPasses++;
                return;
            }
            emptyPasses = 0;
            addFirst(passes, pass, maxPasses);
            for (MessageRecord message : passMessages) {
                addFirst(messages, message, maxMessages);
                totals.merge(message.outcome(), 1L, Long::sum);
            }
            passCount++;
            json = file == null ? null : toJson().toString();
        }
        if (json != null) {
            save(json);
        }
    }

    public synchronized HistorySnapshot snapshot() {
        return new HistorySnapshot(List.copyOf(passes), List.copyOf(messages), new EnumMap<>(totals), passCount,
                lastEmptyPass, emptyPasses);
    }

    private static <T> void addFirst(Deque<T> deque, T item, int max) {
        deque.addFirst(item);
        while (deque.size() > max) {
            deque.removeLast();
        }
    }

    /** Saves the file, forced to disk and durably renamed; a failure leaves the history in memory complete. */
    private synchronized boolean save(String json) {
        try {
            DurableFiles.replace(disk, file, json.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            behind = true;
            writeState.failed(e);
            return false;
        }
        behind = false;
        writeState.written();
        return true;
    }

    /**
     * Saves what a failed save left in memory only.
     *
     * @return whether the file now holds every recorded pass
     */
    public boolean saveIfBehind() {
        String json;
        synchronized (this) {
            if (!behind) {
                return true;
            }
            json = toJson().toString();
        }
        return save(json);
    }

    /** Why the history cannot be saved now, or {@code null} when the last save succeeded. */
    public String writeProblem() {
        String reason = writeState.reason();
        return reason == null ? null : file.getFileName() + ": " + reason;
    }

    private void clear() {
        passes.clear();
        messages.clear();
        totals.clear();
        passCount = 0;
    }

    private ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("passCount", passCount);
        ObjectNode totalsNode = root.putObject("totals");
        totals.forEach((outcome, count) -> totalsNode.put(outcome.name(), count));
        ArrayNode passesNode = root.putArray("passes");
        for (PassRecord pass : passes) {
            passesNode.add(toJson(pass));
        }
        ArrayNode messagesNode = root.putArray("messages");
        for (MessageRecord message : messages) {
            messagesNode.add(toJson(message));
        }
        return root;
    }

    /** One pass as the history file and the status page's JSON view write it; times in epoch milliseconds. */
    static ObjectNode toJson(PassRecord pass) {
        ObjectNode node = JSON.createObjectNode();
        node.put("started", pass.started().toEpochMilli());
        node.put("millis", pass.duration().toMillis());
        node.put("received", pass.received());
        ObjectNode outcomes = node.putObject("outcomes");
        pass.outcomes().forEach((outcome, count) -> outcomes.put(outcome.name(), count));
        node.put("deleted", pass.deleted());
        node.put("error", pass.error());
        return node;
    }

    /** One message outcome, as {@link #toJson(PassRecord)}. */
    static ObjectNode toJson(MessageRecord message) {
        ObjectNode node = JSON.createObjectNode();
        node.put("time", message.time().toEpochMilli());
        node.put("messageId", message.messageId());
        node.put("repository", message.repository());
        node.put("sha", message.sha());
        node.put("context", message.context());
        node.put("buildkiteState", message.buildkiteState());
        node.put("githubState", message.githubState());
        node.put("outcome", message.outcome().name());
        node.put("reason", message.reason());
        node.put("buildUrl", message.buildUrl());
        node.put("receiveCount", message.receiveCount());
        node.put("millis", message.millis());
        return node;
    }

    private void load(JsonNode root) throws IOException {
        if (root.path("format").asInt() != FORMAT) {
            throw new IOException("unknown history format " + root.path("format"));
        }
        passCount = root.path("passCount").asLong();
        root.path("totals").fields().forEachRemaining(e -> totals.put(Outcome.valueOf(e.getKey()), e.getValue().asLong()));
        List<PassRecord> loadedPasses = new ArrayList<>();
        for (JsonNode node : root.path("passes")) {
            Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
            node.path("outcomes").fields()
                    .forEachRemaining(e -> outcomes.put(Outcome.valueOf(e.getKey()), e.getValue().asInt()));
            loadedPasses.add(new PassRecord(Instant.ofEpochMilli(node.path("started").asLong()),
                    Duration.ofMillis(node.path("millis").asLong()), node.path("received").asInt(), outcomes,
                    node.path("deleted").asInt(), text(node, "error")));
        }
        List<MessageRecord> loadedMessages = new ArrayList<>();
        for (JsonNode node : root.path("messages")) {
            loadedMessages.add(new MessageRecord(Instant.ofEpochMilli(node.path("time").asLong()),
                    text(node, "messageId"), text(node, "repository"), text(node, "sha"), text(node, "context"),
                    text(node, "buildkiteState"), text(node, "githubState"),
                    Outcome.valueOf(node.path("outcome").asText()), text(node, "reason"), text(node, "buildUrl"),
                    node.path("receiveCount").asInt(), node.path("millis").asLong()));
        }
        loadedPasses.stream().limit(maxPasses).forEach(passes::addLast);
        loadedMessages.stream().limit(maxMessages).forEach(messages::addLast);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
