package io.jenkins.plugins.statusqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** What Jenkins would only find out when rendering: views, their texts, help and the fields they bind. */
class JellyViewsTest {

    private static final Path RESOURCES = Path.of("src/main/resources");
    private static final Path VIEWS = RESOURCES.resolve("io/jenkins/plugins/statusqueue");
    private static final Pattern TEXT_KEY = Pattern.compile("\\$\\{%([^}]+)}");

    private static List<Path> files(Path root, String suffix) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(path -> path.toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static Document parse(Path file) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        DocumentBuilder builder = factory.newDocumentBuilder();
        try (InputStream in = Files.newInputStream(file)) {
            return builder.parse(in);
        }
    }

    @Test
    void everyJellyFileIsXmlAndEscapesByDefault() throws Exception {
        List<Path> jelly = files(RESOURCES, ".jelly");
        assertTrue(jelly.size() >= 3, "views found: " + jelly);
        for (Path file : jelly) {
            parse(file);
            assertTrue(Files.readString(file).startsWith("<?jelly escape-by-default='true'?>"),
                    file + " does not start with the escape-by-default pragma");
        }
    }

    @Test
    void everyTextKeyOfAViewIsInItsProperties() throws Exception {
        for (Path file : files(VIEWS, ".jelly")) {
            Matcher keys = TEXT_KEY.matcher(Files.readString(file));
            Path propertiesFile = Path.of(file.toString().replaceAll("\\.jelly$", ".properties"));
            Properties properties = new Properties();
            if (Files.exists(propertiesFile)) {
                properties.load(Files.newBufferedReader(propertiesFile, StandardCharsets.UTF_8));
            }
            while (keys.find()) {
                assertTrue(properties.containsKey(keys.group(1)), file + " uses ${%" + keys.group(1)
                        + "} which " + propertiesFile.getFileName() + " does not define");
            }
        }
    }

    @Test
    void everyHelpFileIsOneDivOfWellFormedHtml() throws Exception {
        List<Path> help = files(VIEWS, ".html");
        assertFalse(help.isEmpty());
        for (Path file : help) {
            assertEquals("div", parse(file).getDocumentElement().getTagName(), file.toString());
        }
    }

    @Test
    void everyFieldHasHelpAndBindsToTheClass() throws Exception {
        List<Path> configs = files(VIEWS, "config.jelly");
        assertFalse(configs.isEmpty());
        for (Path config : configs) {
            Path dir = config.getParent();
            Class<?> type = Class.forName(RESOURCES.relativize(dir).toString().replace('/', '.'), false,
                    getClass().getClassLoader());
            assertTrue(Files.exists(dir.resolve("help.html")), dir + " has no help.html for the whole section");
            Document view = parse(config);
            List<String> fields = fields(view, "entry", "dropdownDescriptorSelector", "optionalProperty");
            List<String> sections = fields(view, "property");
            assertFalse(fields.isEmpty() && sections.isEmpty(), config + " binds no field");
            for (String field : fields) {
                assertTrue(Files.exists(dir.resolve("help-" + field + ".html")), config + ": no help-" + field
                        + ".html");
            }
            // A section's own config.jelly and help.html explain it: f:property shows no help of its own.
            for (String field : union(fields, sections)) {
                assertTrue(hasGetter(type, field), type.getSimpleName() + " has no getter for " + field);
                assertTrue(hasSetter(type, field) || isConstructorParameter(type, field),
                        type.getSimpleName() + " cannot bind " + field);
            }
        }
    }

    private static List<String> fields(Document view, String... tags) {
        List<String> fields = new ArrayList<>();
        for (String tag : tags) {
            NodeList elements = view.getElementsByTagNameNS("/lib/form", tag);
            for (int i = 0; i < elements.getLength(); i++) {
                String field = ((Element) elements.item(i)).getAttribute("field");
                if (!field.isEmpty()) {
                    fields.add(field);
                }
            }
        }
        return fields;
    }

    private static List<String> union(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String capitalized(String field) {
        return Character.toUpperCase(field.charAt(0)) + field.substring(1);
    }

    private static boolean hasGetter(Class<?> type, String field) {
        return Arrays.stream(type.getMethods()).anyMatch(method -> method.getParameterCount() == 0
                && (method.getName().equals("get" + capitalized(field))
                        || method.getName().equals("is" + capitalized(field))));
    }

    private static boolean hasSetter(Class<?> type, String field) {
        for (Method method : type.getMethods()) {
            if (method.getName().equals("set" + capitalized(field)) && method.isAnnotationPresent(DataBoundSetter.class)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isConstructorParameter(Class<?> type, String field) {
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter parameter : constructor.getParameters()) {
                    if (parameter.getName().equals(field)) {
                        return true;
                    }
                }
            }
        }
        return false;
    }
}
