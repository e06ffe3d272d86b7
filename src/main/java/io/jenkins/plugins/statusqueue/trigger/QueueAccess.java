package io.jenkins.plugins.statusqueue.trigger;

import java.util.ArrayList;
import java.util.List;

/**
 * Which jobs may trigger on a queue: every job, or only the listed jobs and the jobs inside the listed folders (by
 * full name, {@code team-a} permits {@code team-a/deploy} and {@code team-a/web/build} but not {@code team-ab}).
 */
public final class QueueAccess {

    /** No restriction. */
    public static final QueueAccess EVERY_JOB = new QueueAccess(new ArrayList<>());

    private final List<String> allowed;

    private QueueAccess(List<String> allowed) {
        this.allowed = allowed;
    }

    /** One full name a line (or separated by commas); blank lines are ignored, and no entry at all permits every job. */
    public static QueueAccess parse(String entries) {
        List<String> allowed = new ArrayList<>();
        for (String entry : (entries == null ? "" : entries).split("[\\r\\n,]+")) {
            String name = entry.trim().replaceAll("^/+|/+$", "");
            if (!name.isEmpty() && !allowed.contains(name)) {
                allowed.add(name);
            }
        }
        return new QueueAccess(allowed);
    }

    public boolean permits(String fullName) {
        if (allowed.isEmpty()) {
            return true;
        }
        for (String name : allowed) {
            if (ItemNames.isAtOrBelow(fullName, name)) {
                return true;
            }
        }
        return false;
    }

    /** The folders and jobs listed, empty when every job may use the queue. */
    public List<String> entries() {
        return new ArrayList<>(allowed);
    }

    @Override
    public String toString() {
        return allowed.isEmpty() ? "every job" : "jobs in or named " + String.join(", ", allowed);
    }
}
