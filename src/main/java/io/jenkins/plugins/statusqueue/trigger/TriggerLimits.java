package io.jenkins.plugins.statusqueue.trigger;

/**
 * What one trigger queue may cost the controller: how many of each job's builds may wait in Jenkins' queue, how many
 * builds per minute the queue may start, and how much of each message is read. A message beyond the first two stays
 * in the queue and is built later.
 *
 * @param maxWaitingBuilds the most builds of one job waiting in Jenkins' queue before its messages are held back
 * @param buildsPerMinute  the most builds the queue starts a minute, all its jobs together; 0: no limit
 * @param bounds           how much of each message a filter or mapping reads
 */
public record TriggerLimits(int maxWaitingBuilds, int buildsPerMinute, MessageBounds bounds) {

    public static final int DEFAULT_WAITING_BUILDS = 10;
    public static final int DEFAULT_BUILDS_PER_MINUTE = 60;
    public static final TriggerLimits DEFAULT = new TriggerLimits(DEFAULT_WAITING_BUILDS, DEFAULT_BUILDS_PER_MINUTE,
            MessageBounds.DEFAULT);

    public TriggerLimits {
        if (maxWaitingBuilds < 1 || buildsPerMinute < 0) {
            throw new IllegalArgumentException("at least 1 waiting build, and no negative rate");
        }
    }
}
