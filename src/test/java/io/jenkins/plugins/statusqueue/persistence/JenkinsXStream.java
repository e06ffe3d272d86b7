package io.jenkins.plugins.statusqueue.persistence;

import com.thoughtworks.xstream.XStream;
import com.thoughtworks.xstream.converters.ConversionException;
import com.thoughtworks.xstream.converters.Converter;
import com.thoughtworks.xstream.converters.MarshallingContext;
import com.thoughtworks.xstream.converters.UnmarshallingContext;
import com.thoughtworks.xstream.io.HierarchicalStreamReader;
import com.thoughtworks.xstream.io.HierarchicalStreamWriter;
import com.thoughtworks.xstream.security.AnyTypePermission;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Real XStream, behind a class filter that decides as Jenkins' JEP-200 filter ({@code ClassFilterImpl}) does for a
 * plugin: arrays, enums, throwables and the plugin's own classes pass; a class from the JDK or from a library jar
 * passes only if Jenkins lists it as allowed; everything else is refused when saving and when loading. Jenkins
 * registers its filter as a converter of the highest priority, so that it sees every type first; so does this one.
 */
public final class JenkinsXStream {

    private static final Set<String> ALLOWED_JRE_CLASSES = readAllowedClasses();

    private JenkinsXStream() {
    }

    public static XStream create() {
        XStream xstream = new XStream();
        // XStream's own allow-list is replaced by the class filter below, as Jenkins' XStream2 does.
        xstream.addPermission(AnyTypePermission.ANY);
        xstream.registerConverter(new ClassFilterConverter(), XStream.PRIORITY_VERY_HIGH);
        return xstream;
    }

    /** Why Jenkins would refuse to save or load an instance of {@code type}, or {@code null} if it would not. */
    public static String refusal(Class<?> type) {
        if (type.isPrimitive() || type.isArray() || Throwable.class.isAssignableFrom(type)
                || Enum.class.isAssignableFrom(type) || isPluginCode(type)
                || ALLOWED_JRE_CLASSES.contains(type.getName())) {
            return null;
        }
        CodeSource source = type.getProtectionDomain().getCodeSource();
        String location = source == null || source.getLocation() == null ? "JRE" : source.getLocation().toString();
        return type.getName() + " in " + location + " might be dangerous, so rejecting";
    }

    /** Classes compiled from this project (target/classes, target/test-classes), as a plugin's jar is to Jenkins. */
    private static boolean isPluginCode(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return false;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            return location.endsWith("classes") || location.endsWith("test-classes");
        } catch (URISyntaxException | IllegalArgumentException e) {
            return false;
        }
    }

    private static Set<String> readAllowedClasses() {
        try (InputStream in = JenkinsXStream.class.getResourceAsStream("jre-classes-jenkins-allows.txt")) {
            return Arrays.stream(new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n"))
                    .map(String::trim).filter(line -> !line.isEmpty() && !line.startsWith("#"))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final class ClassFilterConverter implements Converter {

        @Override
        public boolean canConvert(@SuppressWarnings("rawtypes") Class type) {
            return type != null && refusal(type) != null;
        }

        @Override
        public void marshal(Object source, HierarchicalStreamWriter writer, MarshallingContext context) {
            throw new ConversionException(refusal(source.getClass()));
        }

        @Override
        public Object unmarshal(HierarchicalStreamReader reader, UnmarshallingContext context) {
            throw new ConversionException(refusal(context.getRequiredType()));
        }
    }
}
