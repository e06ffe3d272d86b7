package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.events.BuildkiteEvent;
import io.jenkins.plugins.statusqueue.github.CommitStatus;

/**
 * The status an event competes for: one context on one commit of one repository, as set by one Buildkite pipeline.
 * The organization and pipeline are part of it because build numbers only increase per pipeline: two pipelines
 * whose context template leaves out {@code {pipeline}} share a GitHub context, and neither may supersede the other's
 * builds by number.
 *
 * @param organization the Buildkite organization slug
 * @param pipeline     the Buildkite pipeline slug
 * @param repository   {@code host/owner/name}
 * @param commit       the full commit SHA
 * @param context      the GitHub status context
 */
record StatusKey(String organization, String pipeline, String repository, String commit, String context) {

    static StatusKey of(BuildkiteEvent event, CommitStatus status) {
        return new StatusKey(event.organization(), event.pipeline(), status.repository().toString(), status.sha(),
                status.context());
    }

    /**
     * The key journals used before it named the organization and pipeline, {@code repository@commit#context}: entries
     * of such a journal still guard this status after an upgrade.
     */
    String legacyId() {
        return repository + "@" + commit + "#" + context;
    }
}
