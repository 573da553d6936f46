package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy uninstall}, {@code rollback}, {@code verify} and {@code install --on-error rollback} on real files. */
class UndoCommandsTest {

    private static final String FIXTURES = "src/test/resources/undo/";

    @TempDir
    Path temp;
    Path install;

    @BeforeEach
    void aTargetWithAFileOfItsOwn() throws IOException {
        install = temp.resolve("install");
        Files.createDirectories(install.resolve("app/www"));
        Files.writeString(install.resolve("app/www/index.html"), "<p>the page before</p>\n");
    }

    private String parameters() throws IOException {
        Path file = temp.resolve("parameters.json");
        Files.writeString(file, "{\"Product.InstallationPath\": \"" + install.toString().replace("\\", "/") + "\"}");
        return file.toString();
    }

    private CliRun run(String command, String... extra) throws IOException {
        List<String> args = new ArrayList<>(List.of(command, "--parameters", parameters(), "--state",
                temp.resolve("state").toString()));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private CliRun install(String root, String... sources) throws IOException {
        List<String> args = new ArrayList<>(List.of("--root", root, "--yes", "--source"));
        for (String source : sources) {
            args.add(FIXTURES + source);
        }
        CliRun run = run("install", args.toArray(String[]::new));
        assertEquals(0, run.exitCode(), run::out);
        return run;
    }

    static Map<String, String> tree(Path root) throws IOException {
        Map<String, String> tree = new TreeMap<>();
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.toList()) {
                tree.put(root.relativize(path).toString().replace('\\', '/'),
                        Files.isDirectory(path) ? "/" : Files.readString(path));
            }
        }
        return tree;
    }

    @Test
    void uninstallOfTheRootLeavesTheTargetAsItWasAndEmptiesTheJournal() throws Exception {
        Map<String, String> before = tree(install);
        install("App", "v1");

        CliRun uninstall = run("uninstall", "--root", "App", "--yes");

        assertEquals(0, uninstall.exitCode(), uninstall::out);
        assertEquals(before, tree(install));
        CliRun status = CliRun.of("status", "--state", temp.resolve("state").toString());
        assertTrue(status.out().contains("Nothing is installed"), status::out);
        assertTrue(status.out().matches("(?s).*succeeded +uninstall App by .*"), status::out);
    }

    @Test
    void uninstallOfAPackageStillNeededIsRefusedNamingWhoNeedsIt() throws Exception {
        install("App", "v1");

        CliRun refused = run("uninstall", "--package", "Lib", "--yes");

        assertEquals(1, refused.exitCode());
        assertTrue(refused.out().contains("Lib is still needed by App@1.0.0"), refused::out);
        assertTrue(Files.exists(install.resolve("lib/bin/lib.dll")));
    }

    @Test
    void uninstallKeepsAndReportsAFileEditedAfterInstall() throws Exception {
        install("App", "v1");
        Files.writeString(install.resolve("lib/bin/lib.dll"), "edited\n");

        CliRun uninstall = run("uninstall", "--root", "App", "--yes");

        assertEquals(0, uninstall.exitCode(), uninstall::out);
        assertEquals("edited\n", Files.readString(install.resolve("lib/bin/lib.dll")));
        assertTrue(uninstall.out().contains("kept " + install.resolve("lib/bin/lib.dll")), uninstall::out);
    }

    @Test
    void rollbackPreviousUndoesTheUpgrade() throws Exception {
        install("App@1.0.0", "v1", "v2");
        Map<String, String> afterFirst = tree(install);
        install("App@2.0.0", "v1", "v2");

        CliRun rollback = run("rollback", "--previous", "--yes");

        assertEquals(0, rollback.exitCode(), rollback::out);
        assertEquals(afterFirst, tree(install));
        CliRun status = CliRun.of("status", "--state", temp.resolve("state").toString(), "--json");
        JsonNode json = new ObjectMapper().readTree(status.out());
        List<String> installed = new ArrayList<>();
        json.get("installed").forEach(p -> installed.add(p.get("packageId").asText() + "@" + p.get("version").asText()));
        assertEquals(List.of("Lib@1.0.0", "App@1.0.0"), installed);
    }

    @Test
    void rollbackToAnUnknownDeploymentNamesIt() throws Exception {
        install("App", "v1");

        CliRun refused = run("rollback", "--to", "20200101-000000-nothere", "--yes");

        assertEquals(1, refused.exitCode());
        assertTrue(refused.out().contains("no deployment 20200101-000000-nothere in the journal"), refused::out);
    }

    @Test
    void installOnErrorRollbackRestoresWhatTheFailedRunChanged() throws Exception {
        Map<String, String> before = tree(install);

        CliRun failed = run("install", "--source", FIXTURES + "failing", "--root", "Root", "--yes", "--on-error",
                "rollback");

        assertEquals(1, failed.exitCode(), failed::out);
        assertTrue(failed.out().contains("missing.json"), failed::out);
        assertTrue(failed.out().contains("rolled back what this deployment did: 3 files removed"), failed::out);
        assertEquals(before, tree(install));
        assertTrue(failed.out().contains("P1@1.0.0  (rolled back: the deployment stopped after P3@1.0.0 failed)"),
                failed::out);
    }

    @Test
    void verifyExitsOneListingAnEditedADeletedAndAnAddedFile() throws Exception {
        install("App", "v1");
        CliRun clean = CliRun.of("verify", "--state", temp.resolve("state").toString());
        assertEquals(0, clean.exitCode(), clean::out);
        assertTrue(clean.out().startsWith("No drift"), clean::out);
        Files.writeString(install.resolve("lib/bin/lib.dll"), "lib 2, longer\n");
        Files.delete(install.resolve("lib/bin/sub/lib.xml"));
        Files.writeString(install.resolve("lib/bin/extra.dll"), "dropped in\n");

        CliRun drift = CliRun.of("verify", "--state", temp.resolve("state").toString(), "--json");

        assertEquals(1, drift.exitCode(), drift::out);
        JsonNode json = new ObjectMapper().readTree(drift.out());
        Map<String, String> found = new TreeMap<>();
        json.get("drift").forEach(d -> found.put(Path.of(d.get("path").asText()).getFileName().toString(),
                d.get("kind").asText()));
        assertEquals(Map.of("lib.dll", "changed", "lib.xml", "missing", "extra.dll", "added"), found);
    }

    @Test
    void verifyOfAMissingStateFolderIsAnError() {
        CliRun run = CliRun.of("verify", "--state", temp.resolve("nothing").toString());

        assertFalse(run.exitCode() == 0);
    }
}
