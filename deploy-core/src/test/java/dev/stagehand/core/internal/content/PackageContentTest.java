package dev.stagehand.core.internal.content;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.spi.PackageContent;
import dev.stagehand.core.Fixtures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PackageContentTest {

    private final PackageContent content = new DefaultPackageContent(Fixtures.resource("content/sample-package"));

    @Test
    void starMatchesNamesWithinOneFolder() throws IOException {
        assertEquals(List.of("Online/001-tables.sql", "Online/002-views.sql"), content.find("Online/*.sql"));
    }

    @Test
    void starDoesNotCrossFolders() throws IOException {
        assertEquals(List.of("bin/app.dll"), content.find("bin/*.dll"));
    }

    @Test
    void trailingDoubleStarMatchesEveryFileBelowAtAnyDepth() throws IOException {
        assertEquals(List.of("bin/app.dll", "bin/app.pdb", "bin/x/y.dll", "bin/x/y.pdb"), content.find("bin/**"));
    }

    @Test
    void leadingDoubleStarAlsoMatchesFilesAtTheRoot() throws IOException {
        assertEquals(List.of("ODS/010-views.sql", "Online/001-tables.sql", "Online/002-views.sql", "a.sql"),
                content.find("**/*.sql"));
    }

    @Test
    void doubleStarInTheMiddleMatchesZeroOrMoreFolders() throws IOException {
        assertEquals(List.of("bin/app.dll", "bin/x/y.dll"), content.find("bin/**/*.dll"));
    }

    @Test
    void questionMarkMatchesExactlyOneCharacter() throws IOException {
        assertEquals(List.of("docs/guide1.txt", "docs/guide2.txt"), content.find("docs/guide?.txt"));
    }

    @Test
    void bracesMatchAnyOfTheirAlternativesAndTheirCommasDoNotSplitThePattern() throws IOException {
        assertEquals(List.of("config/app.json", "config/app.xml"), content.find("config/app.{json,xml}"));
    }

    @Test
    void patternsSeparatedBySemicolonOrCommaAreAllApplied() throws IOException {
        List<String> expected = List.of("ODS/010-views.sql", "Online/001-tables.sql", "Online/002-views.sql");

        assertEquals(expected, content.find("Online/*.sql;ODS/*.sql"));
        assertEquals(expected, content.find("Online/*.sql, ODS/*.sql"));
    }

    @Test
    void aPatternStartingWithExclamationMarkExcludesWhatItMatches() throws IOException {
        assertEquals(List.of("bin/app.dll", "bin/x/y.dll"), content.find("bin/**;!**/*.pdb"));
    }

    @Test
    void onlyExclusionsPickEverythingElse() throws IOException {
        List<String> everything = content.find("**");

        List<String> withoutDocs = content.find("!docs/**");

        assertEquals(everything.size() - 3, withoutDocs.size());
        assertTrue(withoutDocs.stream().noneMatch(f -> f.startsWith("docs/")));
    }

    @Test
    void resultsAreFilesOnlyNeverFolders() throws IOException {
        assertEquals(List.of("bin/app.dll", "bin/app.pdb"), content.find("bin/*"));
    }

    @Test
    void backslashesWrittenOnWindowsAreFolderSeparators() throws IOException {
        assertEquals(content.find("Online/*.sql"), content.find("Online\\*.sql"));
    }

    @Test
    void aPlainPathFindsThatOneFile() throws IOException {
        assertEquals(List.of("config/readme.md"), content.find("config/readme.md"));
    }

    @Test
    void aPatternMatchingNothingGivesAnEmptyList() throws IOException {
        assertEquals(List.of(), content.find("nowhere/*.txt"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../other/*.sql", "bin/../../secrets/*", "/etc/*", "C:\\Windows\\*.dll", "Online/*.sql;../x"})
    void patternsThatReachOutsideThePackageAreRefusedNamingThePattern(String pattern) {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> content.find(pattern));

        assertTrue(refused.getMessage().contains(pattern), refused.getMessage());
    }

    @Test
    void resolveGivesTheLocalFileInsideThePackage() throws IOException {
        try (InputStream in = content.open("config/readme.md")) {
            assertEquals("content of config/readme.md\n", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(content.root().resolve("bin/x/y.dll"), content.resolve("bin/x/y.dll"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"../manifest.xml", "bin/../../x", "/etc/passwd"})
    void resolveRefusesPathsThatEscapeThePackage(String path) {
        assertThrows(IllegalArgumentException.class, () -> content.resolve(path));
    }

    @Test
    void aLinkThatLeadsOutOfThePackageIsRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws IOException {
        java.nio.file.Path secret = java.nio.file.Files.writeString(temp.resolve("id_rsa"), "private key");
        java.nio.file.Path pkg = java.nio.file.Files.createDirectories(temp.resolve("package"));
        java.nio.file.Files.writeString(pkg.resolve("inside.txt"), "fine");
        java.nio.file.Files.createSymbolicLink(pkg.resolve("config.json"), secret);
        java.nio.file.Files.createSymbolicLink(pkg.resolve("alias.txt"), pkg.resolve("inside.txt"));
        PackageContent linked = new DefaultPackageContent(pkg, temp.resolve("changed"));

        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> linked.resolve("config.json"));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("leads out of the package"), e.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> linked.writable("config.json"));
        assertEquals("fine", java.nio.file.Files.readString(linked.resolve("alias.txt")));
    }

    @Test
    void aLinkBesideFilesAlreadyResolvedIsStillRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path temp)
            throws IOException {
        java.nio.file.Path outside = java.nio.file.Files.createDirectories(temp.resolve("outside"));
        java.nio.file.Files.writeString(outside.resolve("id_rsa"), "private key");
        java.nio.file.Path bin = java.nio.file.Files.createDirectories(temp.resolve("package/bin"));
        java.nio.file.Files.writeString(bin.resolve("app.dll"), "fine");
        java.nio.file.Files.createSymbolicLink(bin.resolve("key.dll"), outside.resolve("id_rsa"));
        java.nio.file.Files.createSymbolicLink(bin.resolve("lib"), outside);
        PackageContent linked = new DefaultPackageContent(temp.resolve("package"));

        assertEquals("fine", java.nio.file.Files.readString(linked.resolve("bin/app.dll")));

        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> linked.resolve("bin/key.dll"));
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> linked.resolve("bin/lib/id_rsa"));
    }
}
