package io.jenkins.plugins.statusqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import hudson.Extension;
import hudson.init.Initializer;
import hudson.init.Terminator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inspects the packaged target/status-queue.hpi as Jenkins' plugin manager would read it. */
class HpiArchiveIT {

    /**
     * The floors: what a stock Jenkins 2.462.3 plugin set loaded together (../shared/JENKINS-FIDELITY.md). A plugin
     * whose manifest asks for a newer dependency than the one installed does not load, so raising one is a break.
     */
    private static final Map<String, String> REQUIRED_PLUGINS = Map.of(
            "aws-credentials", "231.v08a_59f17d742",
            "aws-java-sdk-minimal", "1.12.772-474.v7f79a_2046a_fb_",
            "okhttp-api", "4.11.0-172.vda_da_1feeb_c6e",
            "credentials", "1384.vf0a_2ed06f9c6",
            "plain-credentials", "183.va_de8f1dd5a_2b_",
            "structs", "338.v848422169819",
            "github-api", "1.321-468.v6a_9f5f2d5a_7e",
            "aws-java-sdk-sqs", "1.12.772-474.v7f79a_2046a_fb_",
            "jackson2-api", "2.17.0-379.v02de8ec9f64c",
            "echarts-api", "5.5.1-2");

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

    /** The libraries the code compiles against are those the floor versions of their plugins bundle. */
    @Test
    void compilesAgainstTheLibrariesOfTheFloorPlugins() {
        Map<String, String> libraryOfPlugin = Map.of("github-api", "github-api.version",
                "aws-java-sdk-sqs", "aws-sdk.version", "aws-java-sdk-minimal", "aws-sdk.version",
                "jackson2-api", "jackson.version", "okhttp-api", "okhttp.version");
        libraryOfPlugin.forEach((plugin, property) -> {
            String library = System.getProperty(property);
            assertNotNull(library, property + " is not passed to the test");
            assertTrue(REQUIRED_PLUGINS.get(plugin).startsWith(library + "-"),
                    plugin + " " + REQUIRED_PLUGINS.get(plugin) + " does not bundle " + property + " " + library);
        });
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
    void carriesTheSezPozExtensionIndex() throws ClassNotFoundException {
        byte[] index = jarEntries.get("META-INF/annotations/hudson.Extension");
        assertNotNull(index, "no SezPoz index: Jenkins would find no @Extension");
        String text = new String(index, StandardCharsets.ISO_8859_1);
        Set<String> extensions = classesCarrying(Extension.class);
        assertTrue(extensions.contains("io.jenkins.plugins.statusqueue.plugin.drain.DrainDaemon"),
                extensions.toString());
        for (String extension : extensions) {
            assertTrue(text.contains(extension), extension + " is an @Extension missing from the SezPoz index");
        }
    }

    /**
     * Pipeline lists its DSL symbols, and Jenkins finds its initializers and terminators, only through the
     * annotation-indexer indexes: one binary class name a line, every class that carries the annotation.
     */
    @Test
    void carriesTheAnnotationIndexerIndexes() throws ClassNotFoundException {
        for (Class<? extends Annotation> annotation : List.of(Symbol.class, Initializer.class, Terminator.class)) {
            byte[] index = jarEntries.get("META-INF/annotations/" + annotation.getName());
            assertNotNull(index, "no index of @" + annotation.getSimpleName());
            Set<String> listed = new TreeSet<>(Arrays.asList(new String(index, StandardCharsets.UTF_8).split("\n")));
            Set<String> expected = classesCarrying(annotation);
            assertFalse(expected.isEmpty(), "no class carries @" + annotation.getSimpleName());
            assertEquals(expected, listed, "@" + annotation.getSimpleName() + " index");
        }
        assertTrue(classesCarrying(Symbol.class)
                .contains("io.jenkins.plugins.statusqueue.plugin.trigger.SqsTrigger$DescriptorImpl"));
    }

    /** The plugin's classes that carry {@code annotation} on the class or on one of its methods or fields. */
    private static Set<String> classesCarrying(Class<? extends Annotation> annotation) throws ClassNotFoundException {
        Set<String> classes = new TreeSet<>();
        for (String entry : jarEntries.keySet()) {
            if (!entry.endsWith(".class")) {
                continue;
            }
            String name = entry.substring(0, entry.length() - ".class".length()).replace('/', '.');
            Class<?> type = Class.forName(name, false, HpiArchiveIT.class.getClassLoader());
            boolean carries = type.isAnnotationPresent(annotation)
                    || Arrays.stream(type.getDeclaredMethods()).anyMatch(m -> m.isAnnotationPresent(annotation))
                    || Arrays.stream(type.getDeclaredFields()).anyMatch(f -> f.isAnnotationPresent(annotation));
            if (carries) {
                classes.add(name);
            }
        }
        return classes;
    }

    @Test
    void carriesViewsAndHelp() {
        assertTrue(jarEntries.keySet().stream().anyMatch(name -> name.endsWith("/config.jelly")), "no config.jelly");
        assertTrue(jarEntries.keySet().stream().anyMatch(name -> name.matches(".*/help-[A-Za-z]+\\.html")),
                "no help files");
        assertNotNull(jarEntries.get("index.jelly"), "no plugin description (index.jelly)");
    }
}
