package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command, in-process, loads the sample plugin's jar from each kind of plugin folder. */
class PluginFoldersIT {

    @TempDir
    Path temp;

    private CliRun installMarker(CommandEnvironment environment, String... before) {
        String[] install = {"install", "--source", SamplePlugin.SOURCE.toString(), "--root", "Marker",
                "--set", "Marker.Folder=" + temp.resolve("target").toString().replace('\\', '/'),
                "--set", "Marker.Owner=the tests", "--state", temp.resolve("state").toString(), "--yes"};
        String[] args = new String[before.length + install.length];
        System.arraycopy(before, 0, args, 0, before.length);
        System.arraycopy(install, 0, args, before.length, install.length);
        return CliRun.in(environment, args);
    }

    private void assertMarkerWritten(CliRun run) throws Exception {
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("succeeded   Marker@1.0.0"), run.out());
        assertEquals("installed by the tests", Files.readString(temp.resolve("target/installed.txt")));
    }

    @Test
    void jarsInThePluginsFolderOfTheInstallationAreLoaded() throws Exception {
        Path home = temp.resolve("home");
        SamplePlugin.copyInto(home.resolve("plugins"), "marker.jar");
        CommandEnvironment environment = new CommandEnvironment(home, Map.of());

        CliRun plugins = CliRun.in(environment, "plugins", "--json");
        CliRun install = installMarker(environment);

        assertEquals(0, plugins.exitCode(), plugins.err());
        JsonNode writeMarker = StreamSupport.stream(new ObjectMapper().readTree(plugins.out()).get("plugins")
                .spliterator(), false).filter(p -> p.get("names").toString().equals("[\"WriteMarker\"]"))
                .findFirst().orElseThrow(() -> new AssertionError(plugins.out()));
        assertEquals("step-type", writeMarker.get("kind").asText());
        assertEquals("com.example.deploy.WriteMarkerStepHandler", writeMarker.get("class").asText());
        assertEquals(home.resolve("plugins/marker.jar").toString().replace('\\', '/'), writeMarker.get("source").asText());
        assertTrue(writeMarker.get("chosen").asBoolean());
        assertMarkerWritten(install);
    }

    @Test
    void jarsInTheFoldersOfDeployPluginsAreLoadedAndAMissingFolderIsSkipped() throws Exception {
        SamplePlugin.copyInto(temp.resolve("more-plugins"), "marker.jar");
        String path = temp.resolve("no-such-folder") + File.pathSeparator + temp.resolve("more-plugins");

        CliRun install = installMarker(new CommandEnvironment(null, Map.of("DEPLOY_PLUGINS", path)));

        assertMarkerWritten(install);
    }

    @Test
    void jarsInAFolderGivenWithThePluginsOptionAreLoaded() throws Exception {
        SamplePlugin.copyInto(temp.resolve("given"), "marker.jar");

        CliRun validate = CliRun.of("--plugins", temp.resolve("given").toString(), "validate",
                SamplePlugin.SOURCE.toString());
        CliRun install = installMarker(new CommandEnvironment(null, Map.of()), "--plugins",
                temp.resolve("given").toString());

        assertTrue(validate.out().endsWith("1 package: 1 valid, 0 invalid, 0 warnings\n"), validate.out());
        assertMarkerWritten(install);
    }

    @Test
    void withoutThePluginValidateWarnsAndInstallRefusesTheStepType() {
        CliRun validate = CliRun.of("validate", SamplePlugin.SOURCE.toString());
        CliRun install = installMarker(new CommandEnvironment(null, Map.of()));

        assertEquals(0, validate.exitCode(), validate.out());
        assertTrue(validate.out().contains("warning: no loaded plugin serves step type 'WriteMarker'; known types: "),
                validate.out());
        assertEquals(1, install.exitCode(), install.out());
        assertTrue(install.out().contains("Deployment not started:"), install.out());
        assertFalse(Files.exists(temp.resolve("target/installed.txt")));
    }
}
