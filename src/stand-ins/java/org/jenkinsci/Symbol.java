// Compile-only stand-in for org.jenkins-ci.plugins:structs 338.v848422169819; never packaged.
package org.jenkinsci;

import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import org.jvnet.hudson.annotation_indexer.Indexed;

/**
 * As in structs, {@code @Indexed}: the compiler writes META-INF/annotations/org.jenkinsci.Symbol, from which Pipeline
 * lists its DSL symbols.
 */
@Indexed
@Retention(RUNTIME)
@Target(TYPE)
@Documented
public @interface Symbol {
    String[] value();
}
