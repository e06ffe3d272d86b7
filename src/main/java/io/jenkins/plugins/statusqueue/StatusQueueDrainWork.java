package io.jenkins.plugins.statusqueue;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.model.AsyncPeriodicWork;
import hudson.model.TaskListener;
import io.jenkins.plugins.statusqueue.drain.DrainService;
import io.jenkins.plugins.statusqueue.drain.DrainSetup;
import io.jenkins.plugins.statusqueue.drain.SetupException;
import io.jenkins.plugins.statusqueue.drain.DrainTicker;
import io.jenkins.plugins.statusqueue.history.DrainHistory;
import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * Drains the queue in the background. Ticks every second and lets {@link DrainTicker} decide whether a pass is due,
 * because Jenkins reads a periodic work's period only once: this way a changed interval applies without a restart.
 * Jenkins never starts a tick while the previous one still runs.
 */
@Extension
public class StatusQueueDrainWork extends AsyncPeriodicWork {

    /** The plugin's log: Manage Jenkins > System Log can record it. */
    private static final Logger LOGGER = Logger.getLogger("io.jenkins.plugins.statusqueue");
    private static final long TICK_MILLIS = 1000;

    private DrainService service;
    private DrainTicker ticker;

    public StatusQueueDrainWork() {
        super(Messages.format("StatusQueueDrainWork.Name"));
    }

    public static StatusQueueDrainWork get() {
        return ExtensionList.lookupSingleton(StatusQueueDrainWork.class);
    }

    @Override
    public long getRecurrencePeriod() {
        return TICK_MILLIS;
    }

    @Override
    protected void execute(TaskListener listener) {
        StatusQueueConfiguration configuration = StatusQueueConfiguration.get();
        ticker().tick(configuration.isEnabled(), Duration.ofSeconds(configuration.getIntervalSeconds()),
                () -> setupOf(configuration)).ifPresent(line -> {
                    listener.getLogger().println(line);
                    LOGGER.info(line);
                });
    }

    private static DrainSetup setupOf(StatusQueueConfiguration configuration) throws SetupException {
        try {
            return configuration.drainSetup();
        } catch (NotConfiguredException e) {
            throw new SetupException(e.getMessage());
        }
    }

    /** The service and its history, kept in {@code $JENKINS_HOME/status-queue/}. */
    synchronized DrainService service() {
        if (service == null) {
            File home = new File(Jenkins.get().getRootDir(), "status-queue");
            service = new DrainService(DrainHistory.open(new File(home, "history.json").toPath()),
                    new File(home, "posted-statuses.journal").toPath(), Clock.systemUTC());
        }
        return service;
    }

    synchronized DrainTicker ticker() {
        if (ticker == null) {
            ticker = new DrainTicker(service());
        }
        return ticker;
    }
}
