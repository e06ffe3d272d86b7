package io.jenkins.plugins.statusqueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.kohsuke.stapler.verb.POST;

/** Form actions change state or reveal it, so a GET (a link, an image tag) must never reach them. */
class FormMethodsTest {

    private static final Path CLASSES = Path.of("target/classes");
    private static final Path GLUE = CLASSES.resolve("io/jenkins/plugins/statusqueue/plugin");

    @Test
    void everyFormActionOfTheGlueRequiresPost() throws Exception {
        List<String> formActions = new ArrayList<>();
        List<String> withoutPost = new ArrayList<>();
        for (Class<?> type : glueClasses()) {
            for (Method method : type.getDeclaredMethods()) {
                if (method.getName().matches("do(Check|Fill|Test)[A-Z].*")) {
                    formActions.add(type.getSimpleName() + "." + method.getName());
                    if (!method.isAnnotationPresent(POST.class)) {
                        withoutPost.add(type.getSimpleName() + "." + method.getName());
                    }
                }
            }
        }
        assertFalse(formActions.isEmpty(), "no form action found under " + GLUE);
        assertEquals(List.of(), withoutPost);
    }

    private List<Class<?>> glueClasses() throws IOException, ClassNotFoundException {
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<Path> files = Files.walk(GLUE)) {
            for (Path file : files.filter(path -> path.toString().endsWith(".class")).toList()) {
                String name = CLASSES.relativize(file).toString().replaceAll("\\.class$", "").replace('/', '.');
                classes.add(Class.forName(name, false, getClass().getClassLoader()));
            }
        }
        return classes;
    }
}
