package dev.stagehand.core.undo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Problem;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.core.Fixtures;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.UninstallRequest;
import dev.stagehand.core.journal.FileDeploymentJournal;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.options.OnError;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.result.DriftReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Uninstall, rollback, {@code --on-error rollback} and verify on real files, through the whole engine. */
class UndoTest {

    @TempDir
    Path temp;
    Path install;
    Path state;

    @BeforeEach
    void targetWithFilesOfItsOwn() throws IOException {
        install = temp.resolve("install");
        state = temp.resolve("state");
        // What was there before any package: a file App overwrites, and one nobody deploys.
        Files.createDirectories(install.resolve("app/www"));
        Files.writeString(install.resolve("app/www/index.html"), "<p>the page before</p>\n");
        Files.writeString(install.resolve("app/notes.txt"), "mine\n");
    }

    private Stagehand stagehand(String... sources) {
        Stagehand.Configuration configuration = Stagehand.configure()
                .parameters(Map.of("Product.InstallationPath", install.toString()))
                .stateDirectory(state);
        for (String source : sources) {
            configuration.sources(Fixtures.resource("undo/" + source));
        }
        return configuration.load();
    }

    private DeploymentResult install(String root, String... sources) throws Exception {
        try (Stagehand stagehand = stagehand(sources)) {
            DeploymentResult result = stagehand.install(RootRequest.parse(root), InstallOptions.DEFAULTS);
            assertTrue(result.succeeded(), result.problems()::toString);
            return result;
        }
    }

    /** Every file and folder under {@code root} with its content ("/" for a folder). */
    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        if (!Files.exists(root)) {
            return tree;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                String relative = root.relativize(path).toString().replace('\\', '/');
                tree.put(relative, Files.isDirectory(path) ? "/" : Files.readString(path));
            }
        }
        return tree;
    }

    @Test
    void installThenUninstallLeavesTheTargetAsItWas() throws Exception {
        Map<String, String> before = tree(install);
        install("App", "v1");
        assertEquals("<p>app 1</p>\n", Files.readString(install.resolve("app/www/index.html")));
        assertTrue(Files.exists(install.resolve("lib/bin/sub/lib.xml")));

        DeploymentResult result;
        try (Stagehand stagehand = stagehand("v1")) {
            result = stagehand.uninstall(UninstallRequest.root("App"), InstallOptions.DEFAULTS);
        }

        assertTrue(result.succeeded(), result.problems()::toString);
        assertEquals(before, tree(install));
        assertEquals(List.of(), FileDeploymentJournal.open(state).installedPackages());
        assertEquals(List.of("App@1.0.0", "Lib@1.0.0"), result.packages().stream().map(p -> p.coordinates()).toList(),
                "dependents go before what they need");
        assertFalse(Files.exists(state.resolve("undo")), "no copy is kept once nothing can be rolled back to it");
    }

    @Test
    void uninstallRunsTheUninstallScriptsThePackageRegistered() throws Exception {
        install("App", "v1");
        dev.stagehand.core.engine.RecordingStepHandlerAccess.clear();

        try (Stagehand stagehand = stagehand("v1")) {
            assertTrue(stagehand.uninstall(UninstallRequest.packages(List.of("App")), InstallOptions.DEFAULTS)
                    .succeeded());
        }

        assertTrue(dev.stagehand.core.engine.RecordingStepHandlerAccess.recorded().stream()
                .anyMatch(line -> line.startsWith("script Execute scripts/stop.echo stop the app")),
                dev.stagehand.core.engine.RecordingStepHandlerAccess.recorded()::toString);
    }

    @Test
    void uninstallScriptsNeedThePackageSources() throws Exception {
        install("App", "v1");

        try (Stagehand stagehand = stagehand()) {
            DeploymentException refused = assertThrows(DeploymentException.class, () -> stagehand.uninstall(
                    UninstallRequest.root("App"), InstallOptions.DEFAULTS));
            assertTrue(refused.getMessage().contains("App@1.0.0 registered uninstall scripts"), refused.getMessage());
        }
        assertEquals("<p>app 1</p>\n", Files.readString(install.resolve("app/www/index.html")), "nothing changed");
    }

    @Test
    void aFileEditedAfterInstallIsKeptAndReported() throws Exception {
        install("App", "v1");
        Path edited = install.resolve("lib/bin/lib.dll");
        Files.writeString(edited, "patched by hand\n");

        DeploymentResult result;
        try (Stagehand stagehand = stagehand("v1")) {
            result = stagehand.uninstall(UninstallRequest.root("App"), InstallOptions.DEFAULTS);
        }

        assertTrue(result.succeeded(), result.problems()::toString);
        assertEquals("patched by hand\n", Files.readString(edited));
        assertFalse(Files.exists(install.resolve("lib/bin/sub/lib.xml")), "the other files are removed");
        assertTrue(result.problems().stream().anyMatch(p -> p.message().contains("kept " + edited)
                && p.message().contains("changed since")), result.problems()::toString);
    }

    @Test
    void aPackageStillNeededIsRefusedNamingWhoNeedsIt() throws Exception {
        install("App", "v1");

        try (Stagehand stagehand = stagehand("v1")) {
            DeploymentException refused = assertThrows(DeploymentException.class, () -> stagehand.uninstall(
                    UninstallRequest.packages(List.of("Lib")), InstallOptions.DEFAULTS));
            assertTrue(refused.problems().get(0).message().contains("Lib is still needed by App@1.0.0"),
                    refused.problems()::toString);
        }
        assertTrue(Files.exists(install.resolve("lib/bin/lib.dll")));
        assertEquals(2, FileDeploymentJournal.open(state).installedPackages().size());
    }

    @Test
    void theJournalRecordsEachInstalledPackagesDependencies() throws Exception {
        install("App", "v1");

        InstalledPackage app = FileDeploymentJournal.open(state).installed("App").orElseThrow();
        assertEquals(List.of("lib"), app.dependencies());
    }

    @Test
    void rollbackAfterAnUpgradeRestoresThePreviousVersionsFilesAndConfiguration() throws Exception {
        install("App@1.0.0", "v1", "v2");
        Map<String, String> afterFirst = tree(install);
        assertTrue(afterFirst.get("app/www/config.json").contains("8080"), afterFirst::toString);
        install("App@2.0.0", "v1", "v2");
        assertTrue(Files.readString(install.resolve("app/www/config.json")).contains("9090"));

        DeploymentResult result;
        try (Stagehand stagehand = stagehand("v1", "v2")) {
            result = stagehand.rollback(null, false, InstallOptions.DEFAULTS);
        }

        assertTrue(result.succeeded(), result.problems()::toString);
        assertEquals(afterFirst, tree(install));
        assertEquals("1.0.0", FileDeploymentJournal.open(state).installed("App").orElseThrow().version());

        try (Stagehand stagehand = stagehand("v1", "v2")) {
            assertTrue(stagehand.uninstall(UninstallRequest.root("App"), InstallOptions.DEFAULTS).succeeded());
        }
        assertEquals(Map.of("", "/", "app", "/", "app/notes.txt", "mine\n", "app/www", "/", "app/www/index.html",
                "<p>the page before</p>\n"), tree(install), "after the rollback, an uninstall still goes back to before");
    }

    @Test
    void aStepWithoutUndoBlocksRollbackWithAClearList() throws Exception {
        install("App@2.0.0", "v1", "v2");
        install("App@3.0.0", "v1", "v2");
        String deployment = FileDeploymentJournal.open(state).installed("App").orElseThrow().deploymentId();

        DeploymentResult refused;
        try (Stagehand stagehand = stagehand("v1", "v2")) {
            refused = stagehand.rollback(deployment, false, InstallOptions.DEFAULTS);
        }

        assertFalse(refused.succeeded());
        List<String> errors = refused.problems().stream().filter(Problem::isError).map(Problem::message).toList();
        assertTrue(errors.stream().anyMatch(e -> e.contains("cannot roll back step 3 Generic of App@3.0.0")
                && e.contains(deployment)), errors::toString);
        assertEquals("<p>app 3</p>\n", Files.readString(install.resolve("app/www/index.html")), "nothing changed");

        DeploymentResult forced;
        try (Stagehand stagehand = stagehand("v1", "v2")) {
            forced = stagehand.rollback(deployment, true, InstallOptions.DEFAULTS);
        }
        assertTrue(forced.succeeded(), forced.problems()::toString);
        assertEquals("<p>app 2</p>\n", Files.readString(install.resolve("app/www/index.html")));
        assertTrue(forced.problems().stream().anyMatch(p -> p.message().contains("not undone: step 3 Generic")),
                forced.problems()::toString);
    }

    @Test
    void onErrorRollbackAfterAFailureInTheThirdPackageRestoresTheFirstTwo() throws Exception {
        Files.createDirectories(install.resolve("shared/files"));
        Files.writeString(install.resolve("shared/files/existing.txt"), "there before\n");
        Map<String, String> before = tree(install);

        DeploymentResult result;
        try (Stagehand stagehand = stagehand("failing")) {
            result = stagehand.install(RootRequest.parse("Root"), InstallOptions.DEFAULTS.withOnError(OnError.ROLLBACK));
        }

        assertFalse(result.succeeded());
        assertTrue(result.problems().stream().anyMatch(p -> p.isError() && p.message().contains("missing.json")),
                result.problems()::toString);
        assertTrue(result.problems().stream().anyMatch(p -> p.message().contains("rolled back what this deployment"
                + " did: 2 files removed, 1 files put back")), result.problems()::toString);
        assertEquals(before, tree(install));

        // The journal forgot the undone steps: the next run deploys the files again.
        try (Stagehand stagehand = stagehand("failing")) {
            stagehand.install(RootRequest.parse("Root"), InstallOptions.DEFAULTS);
        }
        assertEquals("p1\n", Files.readString(install.resolve("shared/files/p1.txt")));
    }

    @Test
    void verifyFindsAnEditedADeletedAndAnAddedFile() throws Exception {
        install("App", "v1");
        try (Stagehand stagehand = stagehand()) {
            assertTrue(stagehand.verify(false).clean(), () -> stagehand.toString());
        }
        Files.writeString(install.resolve("lib/bin/lib.dll"), "lib 2\n");
        Files.delete(install.resolve("lib/bin/sub/lib.xml"));
        Files.writeString(install.resolve("lib/bin/extra.dll"), "dropped in\n");

        DriftReport drift;
        try (Stagehand stagehand = stagehand()) {
            drift = stagehand.verify(false);
        }

        assertEquals(List.of(
                new DriftReport.Drift(DriftReport.Kind.CHANGED, "local", install.resolve("lib/bin/lib.dll").toString(),
                        "Lib@1.0.0"),
                new DriftReport.Drift(DriftReport.Kind.MISSING, "local",
                        install.resolve("lib/bin/sub/lib.xml").toString(), "Lib@1.0.0"),
                new DriftReport.Drift(DriftReport.Kind.ADDED, "local", install.resolve("lib/bin/extra.dll").toString(),
                        "Lib@1.0.0")), drift.drifts().stream().sorted(java.util.Comparator.comparing(
                                DriftReport.Drift::kind)).toList());
    }

    @Test
    void deepVerifyFindsAFileChangedBehindAnUnchangedSizeAndTime() throws Exception {
        install("App", "v1");
        // TransformFile hashed what it wrote; a plain copy onto an empty folder is not hashed.
        Path file = install.resolve("app/www/config.json");
        var modified = Files.getLastModifiedTime(file);
        String text = Files.readString(file);
        Files.writeString(file, text.replace("8080", "8081"));
        Files.setLastModifiedTime(file, modified);

        try (Stagehand stagehand = stagehand()) {
            assertTrue(stagehand.verify(false).clean(), "size and time alone do not see it");
            assertEquals(1, stagehand.verify(true).drifts().size());
        }
    }

    @Test
    void theUndoStoreIsTheOwnersAlone() throws Exception {
        install("App", "v1");

        Path undo = state.resolve("undo");
        assertTrue(Files.isDirectory(undo), "App overwrote index.html: its content before is kept");
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(undo)));
        try (Stream<Path> copies = Files.list(undo)) {
            for (Path copy : copies.toList()) {
                assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(copy)));
            }
        }
    }
}
