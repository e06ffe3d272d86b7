package io.jenkins.plugins.statusqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jenkins.plugins.statusqueue.queue.QueueException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final Pattern USE = Pattern.compile("Messages\\.format\\(\\s*\"([^\"]+)\"\\s*[,)]");

    private static Properties bundle() throws IOException {
        Properties properties = new Properties();
        properties.load(Files.newBufferedReader(Path.of("src/main/resources/io/jenkins/plugins/statusqueue/"
                + "Messages.properties"), StandardCharsets.UTF_8));
        return properties;
    }

    @Test
    void formatsWithArgumentsAndQuotes() {
        assertEquals("Credential 'github-token' holds an empty secret.",
                Messages.format("Credential.Empty", "github-token"));
        assertEquals("Queue reachable. SQS. About 1,234 messages are waiting.",
                Messages.format("Test.Queue.ReachedWithDepth", "SQS", 1234L).replace('\u202f', ','));
    }

    @Test
    void everyKeyTheSourcesUseExists() throws IOException {
        Properties bundle = bundle();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java/io/jenkins/plugins/statusqueue"))) {
            for (Path source : sources.filter(path -> path.toString().endsWith(".java")).toList()) {
                Matcher use = USE.matcher(Files.readString(source));
                while (use.find()) {
                    assertTrue(bundle.containsKey(use.group(1)), source + " uses missing key " + use.group(1));
                }
            }
        }
    }

    @Test
    void everyQueueFailureKindHasAdvice() throws IOException {
        Properties bundle = bundle();
        for (QueueException.Kind kind : QueueException.Kind.values()) {
            assertTrue(bundle.containsKey("Test.Queue.Advice." + kind.name()), "no advice for " + kind);
        }
    }
}
