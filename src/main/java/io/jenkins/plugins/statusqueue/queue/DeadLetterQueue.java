package io.jenkins.plugins.statusqueue.queue;

import java.time.Instant;
import java.util.List;

/**
 * What the dead-letter queue behind the drained queue holds: the messages that were received too often without a
 * final outcome. Read on demand; every count is SQS's approximation.
 *
 * @param name             the dead-letter queue's name, or {@code null} where the transport does not say
 * @param maxReceiveCount  receives after which the queue moves a message there, or -1 where unknown
 * @param approximateDepth messages waiting in it
 * @param inFlight         messages received from it and not yet visible again
 * @param oldestSent       when the oldest of a sample of its messages was first sent, or {@code null} when it is empty
 *                         or the transport cannot tell
 * @param moveTasks        the newest message move tasks out of it, newest first (direct SQS only)
 * @param moveTasksError   why the move tasks could not be listed, or {@code null}
 */
public record DeadLetterQueue(String name, int maxReceiveCount, long approximateDepth, long inFlight,
        Instant oldestSent, List<MoveTask> moveTasks, String moveTasksError) {

    public DeadLetterQueue {
        moveTasks = List.copyOf(moveTasks);
    }

    /** Whether a move back to the queue is under way, so that another cannot start. */
    public boolean moving() {
        return moveTasks.stream().anyMatch(MoveTask::running);
    }

    /**
     * One SQS message move task (StartMessageMoveTask), as ListMessageMoveTasks reports it.
     *
     * @param status        RUNNING, COMPLETED, CANCELLING, CANCELLED or FAILED
     * @param moved         messages moved so far
     * @param toMove        messages to move in all, or -1 where SQS does not say
     * @param failureReason why it failed, or {@code null}
     * @param started       when it started, or {@code null}
     */
    public record MoveTask(String status, long moved, long toMove, String failureReason, Instant started) {

        public boolean running() {
            return "RUNNING".equals(status) || "CANCELLING".equals(status);
        }

        /** Moved as a share of what there is to move, 0 to 100, or -1 when SQS does not say. */
        public int percent() {
            return toMove <= 0 ? -1 : (int) Math.min(100, moved * 100 / toMove);
        }
    }
}
