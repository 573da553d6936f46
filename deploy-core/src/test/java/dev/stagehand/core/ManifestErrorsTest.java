package dev.stagehand.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.ManifestException;
import dev.stagehand.api.Problem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each bad manifest gets an error that names the file, line and column and says what is wrong. */
class ManifestErrorsTest {

    private static ManifestException failure(String fixture) {
        return assertThrows(ManifestException.class, () -> PackageReader.read(Fixtures.manifest(fixture)));
    }

    private static void assertLocated(ManifestException e, String fixture, int line) {
        assertTrue(e.location().file().endsWith(fixture + "/manifest.xml"), e.getMessage());
        assertEquals(line, e.location().line(), e.getMessage());
        assertTrue(e.location().column() > 0, e.getMessage());
        assertTrue(e.getMessage().startsWith(e.location().file() + ":" + line + ":"), e.getMessage());
    }

    @Test
    void missingPackageIdIsAnError() {
        ManifestException e = failure("missing-package-id");
        assertEquals("the manifest has no <packageId>", e.reason());
        assertLocated(e, "missing-package-id", 2);
    }

    @Test
    void missingVersionIsAnError() {
        ManifestException e = failure("missing-version");
        assertEquals("the manifest has no <version>", e.reason());
        assertLocated(e, "missing-version", 2);
    }

    @Test
    void aVersionThatIsNotSemverIsAnError() {
        ManifestException e = failure("bad-semver");
        assertTrue(e.reason().startsWith("version '1.2' is not a Semantic Version"), e.reason());
        assertLocated(e, "bad-semver", 4);
    }

    @Test
    void anEmptyStepTypeIsAnError() {
        ManifestException e = failure("empty-step-type");
        assertEquals("step 2 at line 7 has no type", e.reason());
        assertLocated(e, "empty-step-type", 7);
    }

    @Test
    void aDependencyWithoutIdNamesItsLine() {
        ManifestException e = failure("dependency-without-id");
        assertEquals("dependency at line 12 has no id", e.reason());
        assertLocated(e, "dependency-without-id", 12);
    }

    @Test
    void aDependencyVersionThatIsNeitherAVersionNorARangeIsAnErrorAtTheDependency() {
        ManifestException e = failure("dependency-bad-version");

        assertEquals("dependency Cmf.Other: version '>=banana' is neither a version nor a range (write 1.2.0, 1.2.*,"
                + " or >=1.2.0 <2.0.0)", e.reason());
        assertLocated(e, "dependency-bad-version", 6);
    }

    @Test
    void aPackageThatDependsOnItselfIsAnErrorAtTheDependency() {
        ManifestException e = failure("self-dependency");

        assertEquals("Cmf.Selfish depends on itself", e.reason());
        assertLocated(e, "self-dependency", 6);
    }

    @Test
    void everyErrorOfAManifestIsReportedAtOnce() {
        List<Problem> problems = failure("several-errors").problems();
        List<String> messages = problems.stream().map(Problem::message).toList();
        assertEquals(4, problems.size(), messages::toString);
        assertTrue(messages.contains("the manifest has no <packageId>"), messages::toString);
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("version 'banana'")), messages::toString);
        assertTrue(messages.stream().anyMatch(m -> m.startsWith("migrationStrategy 'Sometimes'")), messages::toString);
        assertTrue(messages.contains("step 1 at line 6 has no type"), messages::toString);
    }

    @Test
    void malformedXmlNamesLineAndColumn() {
        ManifestException e = failure("malformed");
        assertTrue(e.reason().startsWith("not well-formed XML"), e.reason());
        assertTrue(e.reason().contains("step"), e.reason());
        assertEquals(7, e.location().line(), e.getMessage());
        assertTrue(e.location().column() > 0);
    }

    @Test
    void aDuplicatedSingleElementIsAnError() {
        ManifestException e = failure("duplicate-element");
        assertEquals("<packageId> is declared twice (lines 3 and 4)", e.reason());
    }

    @Test
    void anExternalEntityIsRefusedWithoutReadingTheFile() throws Exception {
        Path secret = Fixtures.manifest("xxe").resolve("secret.txt");
        String marker = Files.readString(secret).trim();

        ManifestException e = failure("xxe");

        assertTrue(e.reason().contains("DTD"), e.reason());
        assertFalse(e.getMessage().contains(marker));
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(marker));
        }
    }

    @Test
    void internalEntityExpansionIsRefused() {
        ManifestException e = failure("entity-expansion");
        assertTrue(e.reason().contains("DTD"), e.reason());
    }

    @Test
    void aMissingXmlInjectionFileIsAnErrorAtItsDeclaration() {
        ManifestException e = failure("injection-missing");
        assertEquals("xmlInjection file 'ui.xml' is not in the package", e.reason());
        assertLocated(e, "injection-missing", 6);
    }

    @Test
    void anXmlInjectionPathThatEscapesThePackageIsRefused() {
        ManifestException e = failure("injection-escape");
        assertTrue(e.reason().contains("is refused"), e.reason());
        assertTrue(e.reason().contains(".."), e.reason());
    }

    @Test
    void aFolderWithoutManifestIsNotAPackage(@TempDir Path empty) {
        ManifestException e = assertThrows(ManifestException.class, () -> PackageReader.read(empty));
        assertEquals("the package has no manifest.xml at its root", e.reason());
    }

    @Test
    void twoManifestsDifferingInCaseAreRefused(@TempDir Path folder) throws Exception {
        Files.copy(Fixtures.manifest("bom").resolve("manifest.xml"), folder.resolve("manifest.xml"));
        Files.copy(Fixtures.manifest("bom").resolve("manifest.xml"), folder.resolve("Manifest.xml"));
        try (var files = Files.list(folder)) {
            org.junit.jupiter.api.Assumptions.assumeTrue(files.count() == 2,
                    "needs a case-sensitive file system to hold manifest.xml and Manifest.xml side by side");
        }
        ManifestException e = assertThrows(ManifestException.class, () -> PackageReader.read(folder));
        assertTrue(e.reason().startsWith("the package has 2 manifests"), e.reason());
    }

    @Test
    void aPackageIdThatCouldNameAPathOutsideItsFolderIsRefused(@TempDir Path folder) throws Exception {
        Files.writeString(folder.resolve("manifest.xml"), "<deploymentPackage>\n  <packageId>../../etc/x</packageId>\n"
                + "  <version>1.0.0</version>\n</deploymentPackage>\n");

        ManifestException e = assertThrows(ManifestException.class, () -> PackageReader.read(folder));

        assertEquals("packageId '../../etc/x' may hold only letters, digits, '.', '_' and '-'", e.reason());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {5_000, 100_000})
    void aManifestNestedThousandsDeepIsALocatedErrorNotAStackOverflow(int depth,
            @org.junit.jupiter.api.io.TempDir java.nio.file.Path folder) throws Exception {
        java.nio.file.Files.writeString(folder.resolve("manifest.xml"), "<?xml version=\"1.0\"?>\n<deploymentPackage>"
                + "<x>".repeat(depth) + "</x>".repeat(depth) + "</deploymentPackage>");

        ManifestException e = assertThrows(ManifestException.class, () -> PackageReader.read(folder));

        // The JDK's StAX parser has a depth limit of its own in most releases; the reader has one too.
        assertTrue(e.getMessage().contains("nested deeper than 1000 elements")
                || e.getMessage().contains("Maximum Element Depth limit (1000) Exceeded"), e.getMessage());
        assertTrue(e.location().file().endsWith("manifest.xml"), e.location()::toString);
    }
}
