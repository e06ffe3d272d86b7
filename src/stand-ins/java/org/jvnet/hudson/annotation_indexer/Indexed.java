// Compile-only stand-in for org.jenkins-ci:annotation-indexer (the version jenkins-core 2.462.3 uses); never packaged.
package org.jvnet.hudson.annotation_indexer;

import static java.lang.annotation.ElementType.ANNOTATION_TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Meta-annotation: javac writes {@code META-INF/annotations/<annotation>} listing every class that carries the
 * annotated annotation. The real library's annotation processor does it; here {@code IndexedProcessor} in
 * {@code src/stand-ins/processor} does.
 */
@Documented
@Retention(RUNTIME)
@Target(ANNOTATION_TYPE)
public @interface Indexed {
}
