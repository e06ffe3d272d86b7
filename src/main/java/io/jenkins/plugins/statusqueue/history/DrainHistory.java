package io.jenkins.plugins.statusqueue.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.jenkins.plugins.statusqueue.store.Disk;
import io.jenkins.plugins.statusqueue.store.DurableFiles;
import io.jenkins.plugins.statusqueue.store.LineJournal;
import io.jenkins.plugins.statusqueue.store.WriteState;
import java.io.IOException;
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
 * The bounded record of drain passes and message outcomes, with running totals and messages per outcome and hour,
 * kept on disk so that it survives a restart. Thread-safe.
 *
 * <p>Bounds: the newest {@value #DEFAULT_MAX_PASSES} passes, and the newest {@value #DEFAULT_MAX_MESSAGES} messages
 * of the last 7 days ({@link #MAX_MESSAGE_AGE}, counted back from the newest pass), each text in a message capped (see
 * {@link MessageRecord}). The passes, totals and hourly counts live in one small JSON file rewritten after each pass
 * that received messages or failed; the messages in a second file that each such pass appends to, one JSON line a
 * message, rewritten with only what is kept once it holds twice the bound: on disk at most twice the bound in lines.
 * Both are forced to the device (the small file replaced durably, the messages file a {@link LineJournal}); while
 * they cannot be written, {@link #writeProblem()} says why and the history in memory stays complete.
 */
public final class DrainHistory {

    public static final int DEFAULT_MAX_PASSES = 500;
    public static final int DEFAULT_MAX_MESSAGES = 10_000;
    /** Messages older than this, before the newest pass, are dropped even below the count bound. */
    public static final Duration MAX_MESSAGE_AGE = Duration.ofDays(7);

    private static final Logger LOGGER = Logger.getLogger(DrainHistory.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    /** 1 kept the messages in the main file; 2 keeps them in {@link #messagesFile}. */
    private static final int FORMAT = 2;

    private final Path file;
    private final Path messagesFile;
    private final Disk disk;
    private final WriteState writeState;
    /** Set while the files lack what was recorded in memory: a save failed. */
    private boolean behind;
    private LineJournal messageJournal;
    private final int maxPasses;
    private final int maxMessages;
    private final Deque<PassRecord> passes = new ArrayDeque<>();
    private final Deque<MessageRecord> messages = new ArrayDeque<>();
    private final Map<Outcome, Long> totals = new EnumMap<>(Outcome.class);
    private final OutcomeTimeline timeline = new OutcomeTimeline();
    private long passCount;
    /** Lines in the messages file; it is rewritten once they reach twice the bound. */
    private long messageLines;
    private boolean rewriteMessages;
    private final Object fileLock = new Object();
    /** Not saved: when the queue was last found empty, and how often since the last recorded pass. */
    private Instant lastEmptyPass;
    private long emptyPasses;

    private DrainHistory(Path file, Disk disk, int maxPasses, int maxMessages) {
        this.file = file;
        this.disk = disk;
        this.writeState = new WriteState("the drain history " + file, "the drain stops receiving until it can; "
                + "the history in memory is complete and saved then");
        this.messagesFile = file == null ? null : file.resolveSibling(file.getFileName().toString()
                .replaceFirst("\\.json$", "") + "-messages.jsonl");
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
                history.clear();
                moveAside(file, e);
            }
        }
        if (history.messagesFile != null) {
            history.loadMessages();
        }
        return history;
    }

    private static void moveAside(Path file, Exception e) {
        Path aside = file.resolveSibling(file.getFileName() + ".unreadable");
        LOGGER.log(Level.WARNING, "Cannot read drain history " + file + "; moving it to " + aside, e);
        try {
            Files.move(file, aside, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException moveFailed) {
            LOGGER.log(Level.WARNING, "Cannot move " + file + " aside", moveFailed);
        }
    }

    /**
     * Reads the messages file, oldest first; a line that cannot be read (a partial last one, after a crash or a full
     * disk) is skipped, not the whole file.
     */
    private void loadMessages() {
        boolean exists = Files.exists(messagesFile);
        if (exists) {
            messages.clear();
        }
        LineJournal.Replay replay = LineJournal.replay(messagesFile, disk, line -> {
            try {
                addFirst(messages, fromJson(JSON.readTree(line)), maxMessages);
                return true;
            } catch (IOException | RuntimeException e) {
                return false;
            }
        }, "the drain history's messages");
        messageJournal = replay.journal();
        messageLines = replay.lines();
        rewriteMessages |= replay.unreadable();
        pruneOldMessages(passes.isEmpty() ? null : passes.getFirst().started());
    }

    /**
     * Records a pass and its messages, then saves the file. A pass that found the queue empty and did not fail is
     * only counted, in memory: an idle controller writes nothing, and idle passes do not push the busy ones out.
     */
    public void record(PassRecord pass, List<MessageRecord> passMessages) {
        String json;
        String messagesText;
        boolean rewrite;
        int lineCount;
        synchronized (this) {
            if (pass.foundQueueEmpty() && passMessages.isEmpty()) {
                lastEmptyPass = pass.started();
                emptyPasses++;
                return;
            }
            emptyPasses = 0;
            addFirst(passes, pass, maxPasses);
            StringBuilder lines = new StringBuilder();
            for (MessageRecord message : passMessages) {
                addFirst(messages, message, maxMessages);
                totals.merge(message.outcome(), 1L, Long::sum);
                timeline.add(message.time(), message.outcome());
                lines.append(toJson(message)).append('\n');
            }
            pruneOldMessages(pass.started());
            passCount++;
            if (file == null) {
                return;
            }
            json = toJson().toString();
            rewrite = rewriteMessages || messageLines + passMessages.size() > 2L * maxMessages;
            messagesText = rewrite ? allMessagesText() : lines.toString();
            lineCount = rewrite ? messages.size() : passMessages.size();
            messageLines = rewrite ? lineCount : messageLines + lineCount;
            rewriteMessages = false;
        }
        save(json, messagesText, rewrite, lineCount);
    }

    /** Drops messages more than {@link #MAX_MESSAGE_AGE} older than {@code newest}. */
    private void pruneOldMessages(Instant newest) {
        if (newest == null) {
            return;
        }
        Instant cutoff = newest.minus(MAX_MESSAGE_AGE);
        while (!messages.isEmpty() && messages.getLast().time().isBefore(cutoff)) {
            messages.removeLast();
        }
    }

    private String allMessagesText() {
        StringBuilder text = new StringBuilder();
        for (java.util.Iterator<MessageRecord> oldestFirst = messages.descendingIterator(); oldestFirst.hasNext();) {
            text.append(toJson(oldestFirst.next())).append('\n');
        }
        return text.toString();
    }

    /** A copy of everything, for tests and tools; pages ask for one page at a time instead. */
    public synchronized HistorySnapshot snapshot() {
        return new HistorySnapshot(List.copyOf(passes), List.copyOf(messages), new EnumMap<>(totals), passCount,
                lastEmptyPass, emptyPasses);
    }

    public synchronized HistorySummary summary() {
        Instant lastSuccess = lastEmptyPass;
        for (PassRecord pass : passes) {
            if (!pass.failed()) {
                Instant ended = pass.started().plus(pass.duration());
                if (lastSuccess == null || ended.isAfter(lastSuccess)) {
                    lastSuccess = ended;
                }
                break;
            }
        }
        return new HistorySummary(new EnumMap<>(totals), passCount, passes.peekFirst(), lastSuccess, lastEmptyPass,
                emptyPasses, messages.size(), maxMessages, maxPasses);
    }

    /** The messages that match {@code query}, newest first: {@code limit} of them from {@code offset}. */
    public synchronized Slice<MessageRecord> messages(MessageQuery query, int offset, int limit) {
        List<MessageRecord> page = new ArrayList<>(Math.min(limit, 100));
        int total = 0;
        for (MessageRecord message : messages) {
            if (query.matches(message)) {
                if (total >= offset && page.size() < limit) {
                    page.add(message);
                }
                total++;
            }
        }
        return new Slice<>(page, offset, total);
    }

    /** The passes, newest first: {@code limit} of them from {@code offset}. */
    public synchronized Slice<PassRecord> passes(int offset, int limit) {
        List<PassRecord> page = new ArrayList<>(Math.min(limit, 100));
        int index = 0;
        for (PassRecord pass : passes) {
            if (index >= offset && page.size() < limit) {
                page.add(pass);
            }
            index++;
        }
        return new Slice<>(page, offset, passes.size());
    }

    /** Messages per outcome and hour, a copy. */
    public synchronized OutcomeTimeline timeline() {
        return timeline.copy();
    }

    private static <T> void addFirst(Deque<T> deque, T item, int max) {
        deque.addFirst(item);
        while (deque.size() > max) {
            deque.removeLast();
        }
    }

    /**
     * Saves the small file durably and appends (or rewrites) the messages, forced to the device. A failure leaves the
     * history in memory complete: the next save rewrites both files from it.
     */
    private boolean save(String json, String messagesText, boolean rewrite, int lineCount) {
        synchronized (fileLock) {
            try {
                if (rewrite) {
                    messageJournal.rewrite(messagesText, lineCount);
                } else if (lineCount > 0) {
                    messageJournal.append(messagesText, lineCount);
                }
                DurableFiles.replace(disk, file, json.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                synchronized (this) {
                    behind = true;
                    rewriteMessages = true;
                }
                writeState.failed(e);
                return false;
            }
            synchronized (this) {
                behind = false;
            }
            writeState.written();
            return true;
        }
    }

    /**
     * Saves what a failed save left in memory only.
     *
     * @return whether the files now hold every recorded pass and message
     */
    public boolean saveIfBehind() {
        String json;
        String messagesText;
        int lineCount;
        synchronized (this) {
            if (!behind) {
                return true;
            }
            json = toJson().toString();
            messagesText = allMessagesText();
            lineCount = messages.size();
            messageLines = lineCount;
            rewriteMessages = false;
        }
        return save(json, messagesText, true, lineCount);
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
        root.set("hours", timeline.toJson());
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
        int format = root.path("format").asInt();
        if (format != 1 && format != FORMAT) {
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
        loadedPasses.stream().limit(maxPasses).forEach(passes::addLast);
        timeline.load(root.path("hours"));
        // Format 1 kept the newest messages here; they move to the messages file with the next save.
        for (JsonNode node : root.path("messages")) {
            if (messages.size() < maxMessages) {
                messages.addLast(fromJson(node));
            }
        }
        rewriteMessages = format == 1;
    }

    private static MessageRecord fromJson(JsonNode node) {
        return new MessageRecord(Instant.ofEpochMilli(node.path("time").asLong()),
                text(node, "messageId"), text(node, "repository"), text(node, "sha"), text(node, "context"),
                text(node, "buildkiteState"), text(node, "githubState"),
                Outcome.valueOf(node.path("outcome").asText()), text(node, "reason"), text(node, "buildUrl"),
                node.path("receiveCount").asInt(), node.path("millis").asLong());
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
