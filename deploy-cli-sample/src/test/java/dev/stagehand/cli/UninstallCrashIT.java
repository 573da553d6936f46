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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code deploy.jar} in a child JVM uninstalls two packages and is killed
 * ({@code destroyForcibly}, SIGKILL) between them: the first one's files are gone, the second's
 * uninstall script is running. The same command run again takes the dead run's lock over,
 * converges to the target as it was before the install, empties the journal and closes the killed
 * run as interrupted.
 */
class UninstallCrashIT {

    private static final Path JAR = Path.of("target/deploy.jar").toAbsolutePath();
    private static final int FILES = 300;
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path temp;

    private Path source() throws IOException {
        Path base = temp.resolve("source/Kill.Base.1.0.0");
        Path app = temp.resolve("source/Kill.App.1.0.0");
        for (int i = 0; i < FILES; i++) {
            Files.writeString(Files.createDirectories(base.resolve("files/part-" + (i % 10))).resolve("b-" + i + ".txt"),
                    "base file " + i + "\n");
            Files.writeString(Files.createDirectories(app.resolve("files/part-" + (i % 10))).resolve("a-" + i + ".txt"),
                    "app file " + i + "\n");
        }
        Files.writeString(Files.createDirectories(base.resolve("scripts")).resolve("stop.hold"),
                "$(Kill.Switch)\n$(Kill.Reached)\n");
        Files.writeString(base.resolve("manifest.xml"), """
                <?xml version="1.0" encoding="utf-8"?>
                <deploymentPackage version="1.0">
                  <packageId>Kill.Base</packageId>
                  <version>1.0.0</version>
                  <targetDirectory>$(Product.InstallationPath)/shared</targetDirectory>
                  <steps>
                    <step type="DeployFiles" contentPath="files/**" />
                    <step type="Generic" onUninstall="scripts/stop.hold" />
                  </steps>
                </deploymentPackage>
                """);
        Files.writeString(app.resolve("manifest.xml"), """
                <?xml version="1.0" encoding="utf-8"?>
                <deploymentPackage version="1.0">
                  <packageId>Kill.App</packageId>
                  <version>1.0.0</version>
                  <targetDirectory>$(Product.InstallationPath)/app</targetDirectory>
                  <dependencies>
                    <dependency id="Kill.Base" version="1.0.0" />
                  </dependencies>
                  <steps>
                    <step type="DeployFiles" contentPath="files/**" />
                  </steps>
                </deploymentPackage>
                """);
        return temp.resolve("source");
    }

    private Path parameters() throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Product.InstallationPath", temp.resolve("install").toString());
        values.put("Kill.Switch", temp.resolve("hold").toString());
        values.put("Kill.Reached", temp.resolve("reached").toString());
        Path file = temp.resolve("parameters.json");
        JSON.writeValue(file.toFile(), values);
        return file;
    }

    /** The {@code .hold} script handler as a plugin jar, the way a user installs one. */
    private void holdPlugin() throws IOException {
        Path folder = temp.resolve("hold-plugin");
        String name = dev.stagehand.cli.crash.HoldScriptHandler.class.getName();
        Path compiled = Path.of("target/test-classes", name.replace('.', '/') + ".class");
        Files.copy(compiled, Files.createDirectories(folder.resolve(compiled.getParent().toString()
                .substring("target/test-classes/".length()))).resolve(compiled.getFileName()));
        Files.writeString(Files.createDirectories(folder.resolve("META-INF/services"))
                .resolve("dev.stagehand.api.spi.ScriptHandler"), name + "\n");
        PluginJarFixtures.pack(folder, temp.resolve("plugins/hold.jar"));
    }

    private ProcessBuilder deploy(Path out, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-jar", JAR.toString(), "--plugins", temp.resolve("plugins").toString()));
        command.addAll(List.of(args));
        command.addAll(List.of("--parameters", parameters().toString(), "--state", temp.resolve("state").toString(),
                "--yes", "--json"));
        return new ProcessBuilder(command).directory(temp.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile());
    }

    @Test
    void anUninstallKilledBetweenItsPackagesConvergesOnAnImmediateRerun() throws Exception {
        Path source = source();
        holdPlugin();
        Files.createDirectories(temp.resolve("install/shared/files/part-0"));
        Files.writeString(temp.resolve("install/shared/files/part-0/b-0.txt"), "there before the package\n");
        Map<String, String> before = UndoCommandsTest.tree(temp.resolve("install"));
        Process install = deploy(temp.resolve("install.out"), "install", "--source", source.toString(), "--root",
                "Kill.App").start();
        assertTrue(install.waitFor(3, TimeUnit.MINUTES));
        assertEquals(0, install.exitValue(), () -> read(temp.resolve("install.out")));

        Files.createFile(temp.resolve("hold"));
        Process killed = deploy(temp.resolve("killed.out"), "uninstall", "--source", source.toString(), "--root",
                "Kill.App").start();
        awaitHeld(killed);
        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        assertFalse(Files.exists(temp.resolve("install/app/files/part-1/a-1.txt")), "Kill.App was undone first");
        assertEquals("base file 1\n", Files.readString(temp.resolve("install/shared/files/part-1/b-1.txt")),
                "Kill.Base was not undone yet");
        Files.delete(temp.resolve("hold"));

        Process rerun = deploy(temp.resolve("rerun.out"), "uninstall", "--source", source.toString(), "--root",
                "Kill.App").start();
        assertTrue(rerun.waitFor(3, TimeUnit.MINUTES), "the re-run did not end");

        assertEquals(0, rerun.exitValue(), () -> "the re-run said:\n" + read(temp.resolve("rerun.out")));
        assertEquals(before, UndoCommandsTest.tree(temp.resolve("install")));
        JsonNode journal = JSON.readTree(temp.resolve("state/journal.json").toFile());
        assertEquals(0, journal.get("installed").size(), journal::toPrettyString);
        List<String> outcomes = new ArrayList<>();
        journal.get("deployments").forEach(d -> outcomes.add(d.get("outcome").asText()));
        assertEquals(List.of("SUCCEEDED", "INTERRUPTED", "SUCCEEDED"), outcomes, journal::toPrettyString);
        assertFalse(Files.exists(temp.resolve("state/undo")), "the undo copies went with the packages");
    }

    /** Waits until the uninstall script holds the run; the pause is a wait on the process ending. */
    private void awaitHeld(Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path reached = temp.resolve("reached");
        while (System.nanoTime() < deadline) {
            assertFalse(process.waitFor(20, TimeUnit.MILLISECONDS), () -> "the uninstall ended: "
                    + read(temp.resolve("killed.out")));
            if (Files.exists(reached) && !Files.readString(reached).isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the uninstall never reached its hold: " + read(temp.resolve("killed.out")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }
}
