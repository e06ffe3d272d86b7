package io.jenkins.plugins.statusqueue.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The shape of the code: plain logic by concept (queue, events, github, drain, history, trigger, config, http, store,
 * health)
 * knows nothing of Jenkins, and the Jenkins glue under {@code plugin} uses the logic, never the reverse.
 */
class ArchitectureTest {

    static final String ROOT = "io.jenkins.plugins.statusqueue";
    static final String[] LOGIC = {ROOT + ".queue..", ROOT + ".events..", ROOT + ".github..", ROOT + ".drain..",
        ROOT + ".history..", ROOT + ".trigger..", ROOT + ".config..", ROOT + ".http..",
        ROOT + ".store..", ROOT + ".health.."};
    static final String GLUE = ROOT + ".plugin..";
    static final String[] JENKINS = {"hudson..", "jenkins..", "org.kohsuke.stapler..", "com.cloudbees..",
        "org.jenkinsci..", "net.sf.json..", "io.jenkins.plugins.okhttp.api.."};

    private static final JavaClasses PLUGIN = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(Path.of("target/classes"));

    static ArchRule logicKnowsNoJenkins() {
        return noClasses().that().resideInAnyPackage(LOGIC).should().dependOnClassesThat()
                .resideInAnyPackage(JENKINS)
                .because("the plain logic runs and is tested without Jenkins; glue lives under plugin");
    }

    static ArchRule logicUsesNoGlue() {
        return noClasses().that().resideInAnyPackage(LOGIC).should().dependOnClassesThat().resideInAPackage(GLUE)
                .because("glue may use logic, never the reverse");
    }

    static ArchRule noCyclesBetweenLogicPackages() {
        return slices().matching(ROOT + ".(*)..").should().beFreeOfCycles();
    }

    static ArchRule noCyclesBetweenGluePackages() {
        return slices().matching(ROOT + ".plugin.(*)..").should().beFreeOfCycles();
    }

    static ArchRule everyClassHasAHome() {
        return classes().that().resideInAPackage(ROOT).should().haveSimpleName("Messages")
                .because("the top package holds only the shared texts; code lives in a package of its concern");
    }

    @Test
    void theLogicKnowsNothingOfJenkins() {
        logicKnowsNoJenkins().check(PLUGIN);
    }

    @Test
    void glueUsesLogicNeverTheReverse() {
        logicUsesNoGlue().check(PLUGIN);
    }

    @Test
    void packagesHaveNoCycles() {
        noCyclesBetweenLogicPackages().check(PLUGIN);
        noCyclesBetweenGluePackages().check(PLUGIN);
    }

    @Test
    void theTopPackageHoldsOnlyTheTexts() {
        everyClassHasAHome().check(PLUGIN);
    }

    /** The rules can fail: each catches logic made for the purpose that uses Jenkins, or the glue. */
    @Test
    void theRulesCatchTheirViolations() throws ClassNotFoundException {
        String sample = ROOT + ".drain.ArchitectureSample$";
        JavaClasses broken = new ClassFileImporter().importClasses(Class.forName(sample + "UsesJenkins"),
                Class.forName(sample + "UsesGlue"));
        assertEquals(2, broken.size());
        assertThrows(AssertionError.class, () -> logicKnowsNoJenkins().check(broken));
        assertThrows(AssertionError.class, () -> logicUsesNoGlue().check(broken));
    }
}
