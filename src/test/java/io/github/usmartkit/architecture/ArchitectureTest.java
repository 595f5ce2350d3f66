package io.github.usmartkit.architecture;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/**
 * The boundaries of the kit's architecture (see docs/architecture.md), checked on the compiled
 * main classes: no package depends on itself through others; the sandbox stands alone; only a
 * kernel's own package names that kernel; and nothing public outside {@code internal} exposes an
 * internal type.
 */
@AnalyzeClasses(packages = "io.github.usmartkit", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule noPackageCycles = slices().matching("io.github.usmartkit.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule sandboxImportsNothingOfTheClient = classes().that().resideInAPackage("io.github.usmartkit.sandbox..")
            .should().onlyDependOnClassesThat().resideInAnyPackage("io.github.usmartkit.sandbox..", "java..", "javax..",
                    "com.sun.net.httpserver..", "com.fasterxml.jackson..")
            .because("the sandbox stands in for the real service: it must not share the client's code or its mistakes");

    @ArchTest
    static final ArchRule kernelsOnlyInTheirOwnPackage = noClasses()
            .that().resideOutsideOfPackages("io.github.usmartkit.display.rapaio..", "io.github.usmartkit.display.ijava..",
                    "io.github.usmartkit.display.jjava..")
            .should().dependOnClassesThat().resideInAnyPackage("org.rapaio..", "io.github.spencerpark..", "org.dflib.jjava..")
            .because("the core never names a kernel: it must run where no kernel is on the class path");

    @ArchTest
    static final ArchRule eachKernelHookNamesOnlyItsKernel = noClasses()
            .that().resideInAPackage("io.github.usmartkit.display.rapaio..")
            .should().dependOnClassesThat().resideInAnyPackage("io.github.spencerpark..", "org.dflib.jjava..");

    @ArchTest
    static final ArchRule internalsNeverDependOnTheRootPackage = noClasses()
            .that().resideInAPackage("io.github.usmartkit.internal..")
            .should().dependOnClassesThat().resideInAPackage("io.github.usmartkit")
            .because("the root package (USmart, Dataset, Kit, Show) is the top of the graph");

    @ArchTest
    static final ArchRule publicApiExposesNoInternalType = classes()
            .that().resideOutsideOfPackage("io.github.usmartkit.internal..").and().arePublic()
            .should(exposeNoInternalType());

    private static final DescribedPredicate<JavaClass> INTERNAL =
            DescribedPredicate.describe("internal", c -> c.getPackageName().startsWith("io.github.usmartkit.internal"));

    private static ArchCondition<JavaClass> exposeNoInternalType() {
        return new ArchCondition<>("expose no internal type in a public or protected signature") {
            @Override
            public void check(JavaClass c, ConditionEvents events) {
                if (c.getPackageName().startsWith("io.github.usmartkit.sandbox")) {
                    return; // the sandbox has no internal types to expose; its own rule holds it
                }
                for (JavaMember m : c.getMembers()) {
                    if (!visible(m.getModifiers())) {
                        continue;
                    }
                    List<JavaType> types = new ArrayList<>();
                    if (m instanceof JavaField f) {
                        types.add(f.getType());
                    } else if (m instanceof JavaCodeUnit u) {
                        types.add(u.getReturnType());
                        types.addAll(u.getParameterTypes());
                    }
                    for (JavaType t : types) {
                        for (JavaClass used : t.getAllInvolvedRawTypes()) {
                            if (INTERNAL.test(used)) {
                                events.add(SimpleConditionEvent.violated(m, m.getFullName() + " exposes internal type " + used.getName()));
                            }
                        }
                    }
                }
                if (c.getRawSuperclass().map(INTERNAL::test).orElse(false)) {
                    events.add(SimpleConditionEvent.violated(c, c.getName() + " extends an internal type"));
                }
            }
        };
    }

    private static boolean visible(Set<JavaModifier> modifiers) {
        return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
    }

    /** A guard against a rule that checks nothing: the import must see the kit's classes. */
    @ArchTest
    static void importSeesTheKit(JavaClasses classes) {
        if (!classes.contain(io.github.usmartkit.USmart.class) || !classes.contain(io.github.usmartkit.sandbox.Sandbox.class)) {
            throw new AssertionError("ArchUnit imported no kit classes; every rule above would pass vacuously");
        }
    }
}
