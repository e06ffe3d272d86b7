// Compile-only stand-in for the annotation processor of org.jenkins-ci:annotation-indexer; never packaged.
package org.jvnet.hudson.annotation_indexer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;
import javax.tools.FileObject;
import javax.tools.StandardLocation;

/**
 * Writes what the real annotation-indexer writes: for every annotation meta-annotated {@code @Indexed}
 * ({@code @Symbol}, {@code @Initializer}, {@code @Terminator}), {@code META-INF/annotations/<annotation>} with the
 * binary name of each class that carries it, on a class or on a member, one a line. Jenkins reads these indexes
 * at run time (Pipeline's symbol list, the initializers it runs); without them the annotations do nothing.
 */
@SupportedAnnotationTypes("*")
public class IndexedProcessor extends AbstractProcessor {

    private static final String INDEXED = "org.jvnet.hudson.annotation_indexer.Indexed";

    private final Map<String, Set<String>> classesByAnnotation = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        for (TypeElement annotation : annotations) {
            if (!isIndexed(annotation)) {
                continue;
            }
            Set<String> classes = classesByAnnotation.computeIfAbsent(
                    annotation.getQualifiedName().toString(), name -> new TreeSet<>());
            for (Element annotated : round.getElementsAnnotatedWith(annotation)) {
                TypeElement type = annotated instanceof TypeElement t ? t : (TypeElement) annotated.getEnclosingElement();
                classes.add(processingEnv.getElementUtils().getBinaryName(type).toString());
            }
        }
        if (round.processingOver()) {
            classesByAnnotation.forEach(this::write);
        }
        // Never claims an annotation: SezPoz and others still see @Extension and the rest.
        return false;
    }

    private static boolean isIndexed(TypeElement annotation) {
        for (AnnotationMirror meta : annotation.getAnnotationMirrors()) {
            if (((TypeElement) meta.getAnnotationType().asElement()).getQualifiedName().contentEquals(INDEXED)) {
                return true;
            }
        }
        return false;
    }

    private void write(String annotation, Set<String> classes) {
        String path = "META-INF/annotations/" + annotation;
        Set<String> lines = new TreeSet<>(classes);
        lines.addAll(previouslyIndexed(path));
        try {
            FileObject index = processingEnv.getFiler().createResource(StandardLocation.CLASS_OUTPUT, "", path);
            try (Writer out = index.openWriter()) {
                for (String line : lines) {
                    out.write(line);
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write " + path + ": " + e);
        }
    }

    /** An incremental compile sees only the changed sources: keep the entries of classes that still exist. */
    private Set<String> previouslyIndexed(String path) {
        Set<String> kept = new TreeSet<>();
        try {
            FileObject old = processingEnv.getFiler().getResource(StandardLocation.CLASS_OUTPUT, "", path);
            try (BufferedReader in = new BufferedReader(old.openReader(true))) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    String name = line.trim();
                    if (!name.isEmpty() && processingEnv.getElementUtils().getTypeElement(name.replace('$', '.')) != null) {
                        kept.add(name);
                    }
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            // No earlier index: a full compile.
        }
        return kept;
    }
}
