package io.jenkins.plugins.statusqueue.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RebuiltTest {

    private final List<String> discarded = new ArrayList<>();
    private final Rebuilt<String> rebuilt = new Rebuilt<>(discarded::add);
    private final AtomicInteger builds = new AtomicInteger();

    private String build(String name) {
        builds.incrementAndGet();
        return name;
    }

    @Test
    void reusesWhileTheFingerprintIsUnchanged() {
        String first = rebuilt.get("a", () -> build(new String("source")));
        assertSame(first, rebuilt.get("a", () -> build("other")));
        assertEquals(1, builds.get());
        assertEquals(List.of(), discarded);
    }

    @Test
    void rebuildsAndDiscardsTheOldOneWhenItChanges() {
        rebuilt.get("a", () -> build("old"));
        assertEquals("new", rebuilt.get("b", () -> build("new")));
        assertEquals(List.of("old"), discarded);
    }

    @Test
    void aFailedBuildKeepsTheCurrentOne() {
        rebuilt.get("a", () -> build("current"));
        assertThrows(IOException.class, () -> rebuilt.get("b", () -> {
            throw new IOException("no token");
        }));
        assertEquals(List.of(), discarded);
        assertEquals("current", rebuilt.get("a", () -> build("unused")));
    }

    @Test
    void clearDiscards() {
        rebuilt.get("a", () -> build("current"));
        rebuilt.clear();
        assertEquals(List.of("current"), discarded);
        assertEquals("again", rebuilt.get("a", () -> build("again")));
    }
}
