package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.history.PassRecord;
import java.time.Duration;
import java.util.Optional;

/**
 * What the drain loop does each time it looks: nothing while a pass is not due, a pass when it is, and, when the
 * plugin cannot drain (disabled, misconfigured), a note saying why only when the reason changes, so that the log
 * does not repeat it at every interval.
 */
public final class DrainTicker {

    /** Builds the pass's setup; reads configuration and credentials, so it is only called when a pass is due. */
    @FunctionalInterface
    public interface SetupSupplier {
        DrainSetup get() throws SetupException;
    }

    private final DrainService service;
    private String idleReason;

    public DrainTicker(DrainService service) {
        this.service = service;
    }

    /**
     * One tick.
     *
     * @return the line to log for this tick, if any: a pass that received messages or failed, or a new idle reason
     */
    public synchronized Optional<String> tick(boolean enabled, Duration interval, SetupSupplier setup) {
        if (!enabled) {
            return idle("Status Queue is disabled: no pass runs until it is enabled in Manage Jenkins > System");
        }
        if (!service.isDue(interval)) {
            return Optional.empty();
        }
        String unwritable = service.writeProblem();
        if (unwritable != null) {
            idleReason = unwritable; // the file's own state change was logged, once
            return Optional.empty();
        }
        // Read before the configuration: a change saved while the setup is built stops the pass at once.
        long generation = service.configurationGeneration();
        DrainSetup ready;
        try {
            ready = setup.get();
        } catch (SetupException e) {
            return idle("Status Queue is not ready: " + e.getMessage());
        }
        String unusable = ready.sink().setupProblem();
        if (unusable != null) {
            return idle("Status Queue is not ready: " + unusable);
        }
        idleReason = null;
        PassRecord pass = service.runPass(ready, generation);
        // An empty queue is the normal idle state: logging it would add a line every interval.
        return pass.foundQueueEmpty() ? Optional.empty() : Optional.of(summary(pass));
    }

    private Optional<String> idle(String reason) {
        if (reason.equals(idleReason)) {
            return Optional.empty();
        }
        idleReason = reason;
        return Optional.of(reason);
    }

    /** Why no pass runs, or {@code null} when passes run. */
    public synchronized String idleReason() {
        return idleReason;
    }

    static String summary(PassRecord pass) {
        StringBuilder line = new StringBuilder("Pass: received ").append(pass.received());
        pass.outcomes().forEach((outcome, count) -> line.append(", ").append(outcome.name().toLowerCase(
                java.util.Locale.ROOT)).append(' ').append(count));
        line.append(", deleted ").append(pass.deleted()).append(" in ").append(pass.duration().toMillis())
                .append(" ms");
        if (pass.failed()) {
            line.append("; stopped: ").append(pass.error());
        }
        return line.toString();
    }
}
