package io.jenkins.plugins.statusqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inspects the packaged target/status-queue.hpi as Jenkins' plugin manager would read it. */
class HpiArchiveIT {

    private static final Map<String, String> REQUIRED_PLUGINS = Map.of(
            "credentials", "1384.vf0a_2ed06f9c6",
            "plain-credentials", "183.va_de8f1dd5a_2b_",
            "structs", "338.v848422169819",
            "github-api", "1.321-468.v6a_9f5f2d5a_7e",
            "aws-java-sdk-sqs", "1.12.772-474.v7f79a_2046a_fb_",
            "jackson2-api", "2.18.3-396.v93cc2d00b_b_7b_");

    private static Attributes manifest;
    private static List<String> hpiEntries;
    private static Map<String, byte[]> jarEntries;

    @BeforeAll
    static void readArchive() throws IOException {
        Path hpi = Path.of(System.getProperty("statusqueue.hpi", "target/status-queue.hpi"));
        assertTrue(Files.isRegularFile(hpi), "no " + hpi + "; run mvn verify");
        try (ZipFile zip = new ZipFile(hpi.toFile())) {
            hpiEntries = zip.stream().map(ZipEntry::getName).toList();
            try (InputStream in = zip.getInputStream(zip.getEntry("META-INF/MANIFEST.MF"))) {
                manifest = new Manifest(in).getMainAttributes();
            }
            ZipEntry jar = zip.getEntry("WEB-INF/lib/status-queue.jar");
            assertNotNull(jar, "WEB-INF/lib/status-queue.jar missing from " + hpiEntries);
            jarEntries = new TreeMap<>();
            try (JarInputStream in = new JarInputStream(new ByteArrayInputStream(zip.getInputStream(jar)
                    .readAllBytes()))) {
                for (JarEntry entry = in.getNextJarEntry(); entry != null; entry = in.getNextJarEntry()) {
                    jarEntries.put(entry.getName(), in.readAllBytes());
                }
            }
        }
    }

    @Test
    void manifestDescribesThePlugin() {
        assertEquals("status-queue", manifest.getValue("Short-Name"));
        assertEquals("Status Queue", manifest.getValue("Long-Name"));
        assertEquals("2.462.3", manifest.getValue("Jenkins-Version"));
        assertEquals("17", manifest.getValue("Minimum-Java-Version"));
        assertNotNull(manifest.getValue("Plugin-Version"));
        assertTrue(manifest.getValue("Url").startsWith("https://"));
    }

    @Test
    void dependsOnThePluginsThatProvideItsLibraries() {
        Map<String, String> declared = new TreeMap<>();
        for (String dependency : manifest.getValue("Plugin-Dependencies").split(",")) {
            String[] nameAndVersion = dependency.split(":");
            assertEquals(2, nameAndVersion.length, dependency + " is not name:version (none is optional)");
            declared.put(nameAndVersion[0], nameAndVersion[1]);
        }
        assertEquals(new TreeMap<>(REQUIRED_PLUGINS), declared);
    }

    @Test
    void bundlesOnlyItsOwnJar() {
        List<String> libraries = hpiEntries.stream().filter(name -> name.startsWith("WEB-INF/lib/")).toList();
        assertEquals(List.of("WEB-INF/lib/status-queue.jar"), libraries);
    }

    @Test
    void bundlesNoClassThatJenkinsOrTheDependencyPluginsProvide() {
        List<String> foreign = new ArrayList<>();
        for (String name : jarEntries.keySet()) {
            if (name.endsWith(".class") && !name.startsWith("io/jenkins/plugins/statusqueue/")) {
                foreign.add(name);
            }
        }
        assertEquals(List.of(), foreign, "stand-ins or libraries leaked into the jar");
    }

    @Test
    void carriesTheSezPozExtensionIndex() {
        byte[] index = jarEntries.get("META-INF/annotations/hudson.Extension");
        assertNotNull(index, "no SezPoz index: Jenkins would find no @Extension");
        String text = new String(index, java.nio.charset.StandardCharsets.ISO_8859_1);
        for (String extension : Arrays.asList("StatusQueueConfiguration", "StatusQueueDrainWork",
                "StatusQueueManagementLink", "SqsTriggerQueues", "SqsTriggerItemListener")) {
            assertTrue(text.contains("io.jenkins.plugins.statusqueue." + extension), extension + " not indexed");
        }
    }

    @Test
    void carriesViewsAndHelp() {
        assertTrue(jarEntries.keySet().stream().anyMatch(name -> name.endsWith("/config.jelly")), "no config.jelly");
        assertTrue(jarEntries.keySet().stream().anyMatch(name -> name.matches(".*/help-[A-Za-z]+\\.html")),
                "no help files");
        assertNotNull(jarEntries.get("index.jelly"), "no plugin description (index.jelly)");
    }
}
