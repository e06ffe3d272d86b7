package io.jenkins.plugins.statusqueue.drain;

import io.jenkins.plugins.statusqueue.events.EventDecoder;
import io.jenkins.plugins.statusqueue.github.StatusMapper;
import io.jenkins.plugins.statusqueue.github.StatusSink;
import io.jenkins.plugins.statusqueue.queue.QueueSource;
import java.util.Objects;

/**
 * Everything one drain pass needs: queue -> event -> status -> GitHub Enterprise.
 *
 * @param queue    where the events come from
 * @param sink     where the statuses go
 * @param decoder  turns a message body into a Buildkite event
 * @param mapper   turns the event into a commit status
 * @param settings bounds and parallelism
 */
public record DrainSetup(QueueSource queue, StatusSink sink, EventDecoder decoder, StatusMapper mapper,
        DrainSettings settings) {

    public DrainSetup {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(sink, "sink");
        Objects.requireNonNull(decoder, "decoder");
        Objects.requireNonNull(mapper, "mapper");
        Objects.requireNonNull(settings, "settings");
    }
}
