package io.jenkins.plugins.statusqueue.trigger;

import java.util.ArrayList;
import java.util.List;

/**
 * Which jobs may trigger on a queue; none unless an administrator says so. Entries are full names: {@code team-a}
 * permits {@code team-a/deploy} and {@code team-a/web/build} but not {@code team-ab}; {@code *} permits every job.
 * A job that a folder computes (a branch or pull request job of a multibranch project, created by whoever pushes a
 * branch with a Jenkinsfile) is permitted only by its own full name: neither its folder nor {@code *} is enough.
 */
public final class QueueAccess {

    /** The entry that permits every job, on purpose. */
    public static final String EVERY_JOB = "*";

    private final List<String> allowed;

    private QueueAccess(List<String> allowed) {
        this.allowed = allowed;
    }

    /** One full name a line (or separated by commas); blank lines are ignored, and no entry at all permits no job. */
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

    /**
     * @param computed whether a folder computes the job (a multibranch project's branch job): then only its own full
     *                 name permits it
     */
    public boolean permits(String fullName, boolean computed) {
        if (computed) {
            return allowed.contains(fullName);
        }
        for (String name : allowed) {
            if (name.equals(EVERY_JOB) || ItemNames.isAtOrBelow(fullName, name)) {
                return true;
            }
        }
        return false;
    }

    /** The folders and jobs listed, {@code *} for every job; empty when no job may use the queue. */
    public List<String> entries() {
        return new ArrayList<>(allowed);
    }

    @Override
    public String toString() {
        if (allowed.isEmpty()) {
            return "no job (enter folders, jobs, or * for every job)";
        }
        return allowed.contains(EVERY_JOB) ? "every job (branch jobs of multibranch projects only when named)"
                : "jobs in or named " + String.join(", ", allowed) + " (branch jobs of multibranch projects only when "
                        + "named)";
    }
}
