package io.jenkins.plugins.statusqueue.plugin.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.plugin.settings.SqsEndpoint;
import io.jenkins.plugins.statusqueue.queue.QueueException;
import io.jenkins.plugins.statusqueue.trigger.QueuePollers;
import org.junit.jupiter.api.Test;

class TriggerQueueTest {

    private static SqsEndpoint amazon(String queueName) {
        return new SqsEndpoint("https://sqs.eu-west-1.amazonaws.com/123456789012/" + queueName, "eu-west-1");
    }

    @Test
    void anIdJobsCannotNameIsRefusedWithTheReason() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new TriggerQueue("two words", amazon("builds")));
        assertTrue(refused.getMessage().startsWith("Trigger queue id 'two words': An id is 1 to 64"),
                refused.getMessage());
    }

    @Test
    void theDefinitionCarriesNameAccessAndAFingerprintOfTheQueue() {
        TriggerQueue queue = new TriggerQueue(" builds ", amazon("builds"));
        queue.setDisplayName("Build requests");
        queue.setAllowedItems("team-a/\n\nteam-b/deploy");

        QueuePollers.Definition definition = queue.definition();

        assertEquals("builds", definition.id());
        assertEquals("Build requests", definition.name());
        assertEquals("team-a\nteam-b/deploy", queue.getAllowedItems());
        assertTrue(definition.access().permits("team-a/web", false));
        assertTrue(!definition.access().permits("team-c/web", false));
        assertEquals(definition.fingerprint(), queue.definition().fingerprint());
        assertNotEquals(definition.fingerprint(), new TriggerQueue("builds", amazon("other")).definition()
                .fingerprint(), "another queue is reopened");
    }

    @Test
    void aQueueThatCannotBeUsedIsStillDefinedAndItsPollerSaysWhy() {
        QueuePollers.Definition unusable = new TriggerQueue("q", new SqsEndpoint("http://127.0.0.1:1/0/q", ""))
                .definition();
        QueueException why = assertThrows(QueueException.class, () -> unusable.opener().open());
        assertEquals(QueueException.Kind.CONFIG, why.kind());

        QueuePollers.Definition empty = new TriggerQueue("q", null).definition();
        assertEquals("No queue is chosen for this trigger queue.",
                assertThrows(QueueException.class, () -> empty.opener().open()).getMessage());
    }
}
