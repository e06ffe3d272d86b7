package io.jenkins.plugins.statusqueue.history;

import io.jenkins.plugins.statusqueue.events.Texts;
import java.time.Instant;

/**
 * What happened to one received message. Every text field came from the queue or from GitHub: untrusted.
 *
 * @param time           when the outcome was decided
 * @param messageId      the queue's message id
 * @param repository     {@code host/owner/name}, or {@code null} when the message could not be decoded
 * @param sha            the commit, or {@code null}
 * @param context        the status context, or {@code null}
 * @param buildkiteState the Buildkite build state, or {@code null}
 * @param githubState    the GitHub state posted or meant to be posted, or {@code null}
 * @param outcome        what became of the message
 * @param reason         why, in a sentence (for failures, what GitHub or the decoder said)
 * @param buildUrl       the Buildkite build page, or {@code null}
 * @param receiveCount   how often the queue has delivered this message (0 when unknown)
 * @param millis         time spent on the message, from receipt to outcome
 */
public record MessageRecord(Instant time, String messageId, String repository, String sha, String context,
        String buildkiteState, String githubState, Outcome outcome, String reason, String buildUrl, int receiveCount,
        long millis) {

    /** The longest reason kept: GitHub's error bodies and queue errors can be long, and the history is bounded. */
    public static final int MAX_REASON = 1000;

    /**
     * Texts from the queue or from GitHub may hold what JSON in UTF-8 cannot: cleaned, so the history always saves;
     * the reason is capped, the other texts were capped when the message was decoded.
     */
    public MessageRecord {
        messageId = Texts.clean(messageId);
        repository = Texts.clean(repository);
        sha = Texts.clean(sha);
        context = Texts.clean(context);
        buildkiteState = Texts.clean(buildkiteState);
        githubState = Texts.clean(githubState);
        reason = reason == null ? null : Texts.abbreviate(reason, MAX_REASON);
        buildUrl = Texts.clean(buildUrl);
    }
}
