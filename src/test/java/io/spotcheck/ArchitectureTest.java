package io.spotcheck;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/ARCHITECTURE.md, checked on the compiled main classes: one package per
 * capability, plumbing that never imports a feature, and no cycle between any two packages
 * (sub-packages included).
 */
class ArchitectureTest {

    /** Shared API types and plumbing: every feature may use them; they use no feature. */
    static final String[] PLUMBING = {
            "io.spotcheck.api..", "io.spotcheck.system..", "io.spotcheck.search..", "io.spotcheck.security..",
            "io.spotcheck.persistence..", "io.spotcheck.checkpoint.."};

    private static JavaClasses main;

    @BeforeAll
    static void importMainClasses() {
        main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("io.spotcheck");
    }

    @Test
    void noTwoPackagesDependOnEachOtherEvenThroughOthers() {
        slices().matching("io.spotcheck.(**)").should().beFreeOfCycles().check(main);
    }

    @Test
    void plumbingAndSharedApiTypesImportNoFeature() {
        noClasses().that().resideInAnyPackage(PLUMBING)
                .should().dependOnClassesThat(resideInAPackage("io.spotcheck..").and(not(resideInAnyPackage(PLUMBING))))
                .check(main);
    }

    @Test
    void theArchitectureTableNamesExactlyThePackagesThereAre() throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(Path.of("src/main/java/io/spotcheck"))) {
            dirs.filter(Files::isDirectory).forEach(d -> packages.add(d.getFileName().toString()));
        }
        String doc = Files.readString(Path.of("docs/ARCHITECTURE.md"));
        String table = doc.substring(doc.indexOf("## Where things live"));
        table = table.substring(0, table.indexOf("\n## ", 1) < 0 ? table.length() : table.indexOf("\n## ", 1));
        Set<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| ([^|]+) \\|").matcher(table);
        while (row.find()) {
            Matcher name = Pattern.compile("`([a-z]+)/`").matcher(row.group(1));
            while (name.find()) {
                documented.add(name.group(1));
            }
        }
        assertThat(documented).as("packages in docs/ARCHITECTURE.md's table").isEqualTo(packages);
    }
}
