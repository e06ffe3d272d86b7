package io.jenkins.plugins.statusqueue.drain;

import hudson.model.Job;
import io.jenkins.plugins.statusqueue.plugin.drain.DrainDaemon;

/** Logic that breaks the architecture rules, for ArchitectureTest to prove that they can fail. */
final class ArchitectureSample {

    private ArchitectureSample() {
    }

    static final class UsesJenkins {
        Job<?, ?> job;
    }

    static final class UsesGlue {
        DrainDaemon daemon;
    }
}
