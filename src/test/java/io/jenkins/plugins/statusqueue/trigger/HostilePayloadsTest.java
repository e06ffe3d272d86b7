package io.jenkins.plugins.statusqueue.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.queue.QueueMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The two payloads a review used to stall a queue's poller: thousands of keys that clean up to one name (11.5 s to
 * map) and thousands of case variants of one name (54 s to split). Within the default bounds neither is read at
 * all; with bounds raised far enough to map them, each maps and splits within 100 ms, because a name costs the same
 * however many others clash with it.
 */
class HostilePayloadsTest {

    private static final Duration GENEROUS = Duration.ofMillis(100);
    private static final MessageBounds RAISED = new MessageBounds(1 << 20, 20_000, 32);

    /** 16,000 distinct keys of two non-ASCII letters: every one cleans up to {@code __}. */
    static String clashingKeys() {
        StringBuilder body = new StringBuilder("{");
        for (int i = 0; i < 16_000; i++) {
            body.append(i == 0 ? "" : ",").append('"').append((char) (0x100 + i / 256)).append((char) (0x100 + i % 256))
                    .append("\":1");
        }
        return body.append('}').toString();
    }

    /** Every case variant of a 13-letter name: 8,192 keys that Jenkins' environment takes for one. */
    static String caseVariants() {
        String name = "abcdefghijklm";
        StringBuilder body = new StringBuilder("{");
        for (int mask = 0; mask < 1 << name.length(); mask++) {
            body.append(mask == 0 ? "" : ",").append('"');
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                body.append((mask & 1 << i) != 0 ? Character.toUpperCase(c) : c);
            }
            body.append("\":\"x\"");
        }
        return body.append('}').toString();
    }

    private static MessageBody body(String text, MessageBounds bounds) {
        return new MessageBody(new QueueMessage("id-1", "handle", text, 1, null, Map.of()), bounds);
    }

    private static ParameterSplit mapAndSplit(String text, MessageBounds bounds) throws Exception {
        MessageMapping mapping = StandardMappers.JSON_FIELDS.map(body(text, bounds));
        return ParameterSplit.of(mapping.parameters(), Set.of());
    }

    @Test
    void withinTheDefaultBoundsNeitherPayloadIsRead() {
        for (String payload : new String[] {clashingKeys(), caseVariants()}) {
            int bytes = payload.getBytes(StandardCharsets.UTF_8).length;
            assertTrue(bytes > 140_000, "the payloads of the review: " + bytes);
            MessageBounds.ExceededException exceeded = assertThrows(MessageBounds.ExceededException.class,
                    () -> StandardMappers.JSON_FIELDS.map(body(payload, MessageBounds.DEFAULT)));
            assertTrue(exceeded.getMessage().startsWith("over a bound: the body has " + payload.length()
                    + " characters, over the 65536"), exceeded.getMessage());
        }
        MessageBounds fieldsOnly = new MessageBounds(1 << 20, MessageBounds.DEFAULT_FIELDS, 32);
        MessageBounds.ExceededException fields = assertThrows(MessageBounds.ExceededException.class,
                () -> StandardMappers.JSON_FIELDS.map(body(caseVariants(), fieldsOnly)));
        assertEquals("over a bound: 257 fields, over the 256 a mapping passes", fields.getMessage(),
                "the streaming pass stops at the first field over the bound");
    }

    /**
     * The quickest of up to 20 runs, after the JIT compiler has seen the code once: a loaded machine (two cores shared
     * with other builds) may slow some runs down, but naming that costs more than a constant per field took seconds on
     * every run.
     */
    @Test
    void withBoundsRaisedBothPayloadsMapAndSplitWithin100Milliseconds() throws Exception {
        for (String payload : new String[] {clashingKeys(), caseVariants()}) {
            mapAndSplit(payload, RAISED);
            long quickest = Long.MAX_VALUE;
            for (int run = 0; run < 20 && quickest >= GENEROUS.toNanos(); run++) {
                long start = System.nanoTime();
                assertTimeoutPreemptively(Duration.ofSeconds(2), () -> mapAndSplit(payload, RAISED));
                quickest = Math.min(quickest, System.nanoTime() - start);
            }
            System.out.printf("hostile payload of %,d characters mapped and split in %.1f ms%n", payload.length(),
                    quickest / 1e6);
            assertTrue(quickest < GENEROUS.toNanos(), "mapped and split in " + quickest / 1_000_000 + " ms");
        }

        ParameterSplit clashed = mapAndSplit(clashingKeys(), RAISED);
        assertEquals(16_000, clashed.environment().keySet().stream().filter(name -> name.startsWith("SQS_FIELD_"))
                .count());
        assertEquals("1", clashed.environment().get("SQS_FIELD____16000"), "the last of 16,000 clashing keys");
        assertEquals("SQS_BODY", clashed.environment().get(ParameterSplit.TRUNCATED), "the body is cut in the "
                + "environment");
        ParameterSplit split = mapAndSplit(caseVariants(), RAISED);
        assertEquals(8_192 + 4, split.environment().size());
        assertEquals(8_192 + 4, split.environment().keySet().stream().map(String::toLowerCase).distinct().count(),
                "no two variables Jenkins' environment would take for one");
    }
}
