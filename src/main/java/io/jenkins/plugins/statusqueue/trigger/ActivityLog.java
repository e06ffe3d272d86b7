package io.jenkins.plugins.statusqueue.trigger;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The recent lines of each job's trigger log (what became of each message, and why a job is not listening), kept
 * across poller restarts and following the job when it is renamed or moved.
 */
public final class ActivityLog {

    /**
     * One line of a job's trigger log.
     *
     * @param messageId {@code null} for a line about the job's subscription
     * @param outcome   what anyone who may read the job sees: no queue address, no part of the message
     * @param detail    the whole story, for the status page only (Overall/Manage); {@code null} when there is no more
     */
    public record Activity(Instant time, String messageId, String outcome, String detail) {
    }

    static final int LINES = 50;

    private final Clock clock;
    private final Map<String, Deque<Activity>> lines = new TreeMap<>();

    public ActivityLog(Clock clock) {
        this.clock = clock;
    }

    public void note(String job, String messageId, String outcome) {
        note(job, messageId, outcome, null);
    }

    /** @param detail what only the status page shows, or {@code null} */
    public synchronized void note(String job, String messageId, String outcome, String detail) {
        Deque<Activity> jobLines = lines.computeIfAbsent(job, name -> new ArrayDeque<>());
        jobLines.addFirst(new Activity(clock.instant(), messageId, outcome, detail));
        while (jobLines.size() > LINES) {
            jobLines.removeLast();
        }
    }

    /** A job's recent lines, newest first. */
    public synchronized List<Activity> lines(String job) {
        Deque<Activity> jobLines = lines.get(job);
        return jobLines == null ? new ArrayList<>() : new ArrayList<>(jobLines);
    }

    /** Moves the lines of {@code oldName} and of everything below it (a folder) to the new name. */
    public synchronized void rename(String oldName, String newName) {
        for (String name : new ArrayList<>(lines.keySet())) {
            String renamed = ItemNames.moved(name, oldName, newName);
            if (renamed != null) {
                lines.put(renamed, lines.remove(name));
            }
        }
    }

    /** Forgets {@code name} and everything below it. */
    public synchronized void forget(String name) {
        lines.keySet().removeIf(job -> ItemNames.isAtOrBelow(job, name));
    }
}
