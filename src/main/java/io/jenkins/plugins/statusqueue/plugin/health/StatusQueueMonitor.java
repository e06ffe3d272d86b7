package io.jenkins.plugins.statusqueue.plugin.health;

import hudson.Extension;
import hudson.model.AdministrativeMonitor;
import hudson.security.Permission;
import io.jenkins.plugins.statusqueue.Messages;
import io.jenkins.plugins.statusqueue.drain.DrainService;
import io.jenkins.plugins.statusqueue.health.HealthCheck;
import io.jenkins.plugins.statusqueue.health.Problem;
import io.jenkins.plugins.statusqueue.plugin.drain.DrainDaemon;
import io.jenkins.plugins.statusqueue.plugin.settings.StatusQueueConfiguration;
import java.time.Instant;
import java.util.List;
import jenkins.model.Jenkins;

/**
 * The banner in Manage Jenkins when draining is in trouble ({@link HealthCheck}: no pass succeeded for 15 minutes,
 * GitHub Enterprise refuses the token, the journal cannot be written, the dead-letter queue holds messages, a trigger
 * queue's poller keeps failing), linking to the status page. Shown to Overall/System Read as github-plugin's monitors
 * are; raw error texts only to Overall/Administer, who may also dismiss it.
 */
@Extension
public class StatusQueueMonitor extends AdministrativeMonitor {

    /** Before the drain started no pass could succeed: the 15 minutes count from here at the earliest. */
    private final Instant watchingSince = Instant.now();

    @Override
    public String getDisplayName() {
        return Messages.format("StatusQueueMonitor.DisplayName");
    }

    @Override
    public boolean isActivated() {
        return !problems().isEmpty();
    }

    /** Read-only: viewing needs Overall/System Read; dismissing ({@code doDisable}) still needs Administer. */
    @Override
    public Permission getRequiredPermission() {
        return Jenkins.SYSTEM_READ;
    }

    /** What is wrong now. */
    public List<Problem> problems() {
        StatusQueueConfiguration configuration = StatusQueueConfiguration.get();
        DrainDaemon daemon = DrainDaemon.get();
        DrainService service = daemon.service();
        HealthWatch watch = HealthWatch.get();
        return HealthCheck.problems(new HealthCheck.Inputs(configuration.isEnabled(), daemon.loop().idleReason(),
                service.history().summary(), watchingSince, service.journalProblem(), watch.deadLetters(),
                watch.pollers(), Instant.now()));
    }

    /** Whether the viewer may read raw error texts and dismiss the banner. */
    public boolean isDetailed() {
        return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
    }
}
