package io.jenkins.plugins.statusqueue.plugin.drain;

import hudson.Extension;
import hudson.ExtensionList;
import hudson.XmlFile;
import hudson.init.InitMilestone;
import hudson.init.Initializer;
import hudson.init.Terminator;
import hudson.model.PeriodicWork;
import hudson.model.Saveable;
import hudson.model.listeners.SaveableListener;
import io.jenkins.plugins.statusqueue.drain.DrainLoop;
import io.jenkins.plugins.statusqueue.drain.DrainService;
import io.jenkins.plugins.statusqueue.drain.DrainSetup;
import io.jenkins.plugins.statusqueue.drain.SetupException;
import io.jenkins.plugins.statusqueue.history.DrainHistory;
import io.jenkins.plugins.statusqueue.plugin.settings.NotConfiguredException;
import io.jenkins.plugins.statusqueue.plugin.settings.StatusQueueConfiguration;
import java.io.File;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;
import jenkins.model.Jenkins;

/**
 * Drains the queue in the background on the plugin's own thread ({@link DrainLoop}), started once Jenkins has
 * loaded its configuration and jobs and stopped when it shuts down. Passes run at the configured interval, at once
 * after "Drain now" or a saved configuration. Jenkins' periodic work only serves as a watchdog that starts the
 * thread should it ever die (or have missed the start-up call): unlike an {@code AsyncPeriodicWork}, it writes no
 * task log and starts no thread of its own.
 */
@Extension
public class DrainDaemon extends PeriodicWork {

    /** The plugin's log: Manage Jenkins > System Log can record it. */
    private static final Logger LOGGER = Logger.getLogger("io.jenkins.plugins.statusqueue");

    private DrainService service;
    private DrainLoop loop;

    public static DrainDaemon get() {
        return ExtensionList.lookupSingleton(DrainDaemon.class);
    }

    @Initializer(after = InitMilestone.JOB_CONFIG_ADAPTED)
    public static void startDraining() {
        get().loop().start();
    }

    @Terminator
    public static void stopDraining() throws InterruptedException {
        get().loop().stop();
    }

    @Override
    public long getRecurrencePeriod() {
        return MIN;
    }

    /** The watchdog. */
    @Override
    protected void doRun() {
        if (loop().ensureRunning()) {
            LOGGER.warning("The Status Queue drain thread was not running; started it");
        }
    }

    /** "Drain now". */
    public void drainNow() {
        loop().drainNow();
    }

    /**
     * A saved configuration applies to what arrives after it, at once: Jenkins tells after the form and Configuration
     * as Code save it.
     */
    @Extension
    public static final class ConfigurationSaved extends SaveableListener {
        @Override
        public void onChange(Saveable saved, XmlFile file) {
            if (saved instanceof StatusQueueConfiguration) {
                get().loop().configurationChanged();
            }
        }
    }

    /** The service and its history, kept in {@code $JENKINS_HOME/status-queue/}. */
    public synchronized DrainService service() {
        if (service == null) {
            File home = new File(Jenkins.get().getRootDir(), "status-queue");
            service = new DrainService(DrainHistory.open(new File(home, "history.json").toPath()),
                    new File(home, "posted-statuses.journal").toPath(), Clock.systemUTC());
        }
        return service;
    }

    public synchronized DrainLoop loop() {
        if (loop == null) {
            loop = new DrainLoop(service(), DrainDaemon::schedule, line -> LOGGER.log(Level.INFO, line));
        }
        return loop;
    }

    private static DrainLoop.Schedule schedule() {
        StatusQueueConfiguration configuration = StatusQueueConfiguration.get();
        return new DrainLoop.Schedule() {
            @Override
            public boolean enabled() {
                return configuration.isEnabled();
            }

            @Override
            public Duration interval() {
                return Duration.ofSeconds(configuration.getLimits().getIntervalSeconds());
            }

            @Override
            public DrainSetup setup() throws SetupException {
                try {
                    return configuration.drainSetup();
                } catch (NotConfiguredException e) {
                    throw new SetupException(e.getMessage());
                }
            }
        };
    }
}
