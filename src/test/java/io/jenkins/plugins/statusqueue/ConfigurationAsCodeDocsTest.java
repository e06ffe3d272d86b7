package io.jenkins.plugins.statusqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import hudson.model.Describable;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.jenkinsci.Symbol;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * The Configuration as Code YAML that the docs show binds to the plugin the way Configuration as Code binds it: each
 * top-level key is a global configuration's {@code @Symbol}, each key below a {@code @DataBoundSetter} or
 * {@code @DataBoundConstructor} parameter, and a value of an abstract type names an implementation by its symbol.
 * No Configuration as Code runs here, so this checks the names against the model, not the plugin's behaviour.
 */
class ConfigurationAsCodeDocsTest {

    private static final Path CLASSES = Path.of("target/classes");
    private static final Pattern YAML_BLOCK = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL);

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());

    @Test
    void everyDocumentedKeyBindsToTheModel() throws Exception {
        List<String> problems = new ArrayList<>();
        int checked = 0;
        for (Path doc : List.of(Path.of("docs/jenkins.md"), Path.of("docs/trigger.md"))) {
            Matcher block = YAML_BLOCK.matcher(Files.readString(doc));
            while (block.find()) {
                JsonNode unclassified = yaml.readTree(block.group(1)).path("unclassified");
                for (Iterator<Map.Entry<String, JsonNode>> it = unclassified.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> root = it.next();
                    Class<?> type = bySymbol(root.getKey(), jenkins.model.GlobalConfiguration.class);
                    if (type == null) {
                        problems.add(doc + ": no global configuration has the symbol " + root.getKey());
                    } else {
                        checkObject(type, root.getValue(), doc + ": " + root.getKey(), problems);
                        checked++;
                    }
                }
            }
        }
        assertTrue(checked >= 3, "YAML examples found: " + checked);
        assertEquals(List.of(), problems);
    }

    /** The check catches a key the model lacks and a symbol nobody declares. */
    @Test
    void theCheckCatchesWrongNames() throws Exception {
        Class<?> configuration = bySymbol("statusQueue", jenkins.model.GlobalConfiguration.class);
        List<String> problems = new ArrayList<>();
        checkObject(configuration, yaml.readTree("gitHubApiUrl: x\nqueue: {apiGatewayQueue: {apiUrl: y}}\n"
                + "limits: {intervalSeconds: 5}"), "sample", problems);
        assertEquals(2, problems.size(), problems.toString());
    }

    private void checkObject(Class<?> type, JsonNode value, String path, List<String> problems) throws Exception {
        if (!value.isObject()) {
            problems.add(path + ": expected the keys of " + type.getSimpleName());
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            Type target = attributeType(type, field.getKey());
            if (target == null) {
                problems.add(path + "." + field.getKey() + ": " + type.getSimpleName() + " cannot bind it");
            } else {
                checkValue(target, field.getValue(), path + "." + field.getKey(), problems);
            }
        }
    }

    private void checkValue(Type target, JsonNode value, String path, List<String> problems) throws Exception {
        if (target instanceof ParameterizedType list && List.class.isAssignableFrom((Class<?>) list.getRawType())) {
            if (!value.isArray()) {
                problems.add(path + ": expected a list");
                return;
            }
            for (JsonNode element : value) {
                checkValue(list.getActualTypeArguments()[0], element, path + "[]", problems);
            }
            return;
        }
        Class<?> type = (Class<?>) target;
        if (!Describable.class.isAssignableFrom(type)) {
            if (!value.isValueNode()) {
                problems.add(path + ": expected a single value for " + type.getSimpleName());
            }
            return;
        }
        if (!Modifier.isAbstract(type.getModifiers())) {
            checkObject(type, value, path, problems);
            return;
        }
        if (!value.isObject() || value.size() != 1) {
            problems.add(path + ": expected one of the symbols of " + type.getSimpleName());
            return;
        }
        String symbol = value.fieldNames().next();
        Class<?> implementation = bySymbol(symbol, type);
        if (implementation == null) {
            problems.add(path + "." + symbol + ": no " + type.getSimpleName() + " has this symbol");
        } else {
            checkObject(implementation, value.get(symbol), path + "." + symbol, problems);
        }
    }

    /** The type Configuration as Code would bind {@code name} with: a data-bound setter's or constructor's. */
    private static Type attributeType(Class<?> type, String name) {
        String setter = "set" + Character.toUpperCase(name.charAt(0)) + name.substring(1);
        for (Method method : type.getMethods()) {
            if (method.getName().equals(setter) && method.isAnnotationPresent(DataBoundSetter.class)) {
                return method.getGenericParameterTypes()[0];
            }
        }
        for (Constructor<?> constructor : type.getConstructors()) {
            if (constructor.isAnnotationPresent(DataBoundConstructor.class)) {
                for (Parameter parameter : constructor.getParameters()) {
                    if (parameter.getName().equals(name)) {
                        return parameter.getParameterizedType();
                    }
                }
            }
        }
        return null;
    }

    /** The plugin's class of {@code base} whose own or whose descriptor's {@code @Symbol} is {@code symbol}. */
    private static Class<?> bySymbol(String symbol, Class<?> base) throws IOException, ClassNotFoundException {
        try (Stream<Path> files = Files.walk(CLASSES.resolve("io/jenkins/plugins/statusqueue"))) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replaceAll("\\.class$", "").replace('/', '.');
                Class<?> candidate = Class.forName(name, false, ConfigurationAsCodeDocsTest.class.getClassLoader());
                Symbol declared = candidate.getAnnotation(Symbol.class);
                Class<?> described = candidate.getEnclosingClass() != null && declared != null
                        && hudson.model.Descriptor.class.isAssignableFrom(candidate)
                        ? candidate.getEnclosingClass() : candidate;
                if (declared != null && List.of(declared.value()).contains(symbol)
                        && base.isAssignableFrom(described)) {
                    return described;
                }
            }
        }
        return null;
    }
}
