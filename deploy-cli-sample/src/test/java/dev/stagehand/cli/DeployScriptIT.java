package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./deploy} of the checkout, over the deploy.jar this build packaged, loads the
 * sample plugin from the checkout's {@code plugins/} folder.
 */
class DeployScriptIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path JAR = ROOT.resolve("deploy-cli-sample/target/deploy.jar");

    /** What a run of the script printed. */
    private record Run(int exitCode, String out, String err) {
    }

    @TempDir
    Path temp;

    private Path pluginJar;

    @BeforeEach
    void putThePluginInThePluginsFolder() throws IOException {
        pluginJar = SamplePlugin.copyInto(ROOT.resolve("plugins"), "sample-plugin-it-" + UUID.randomUUID() + ".jar");
    }

    @AfterEach
    void takeThePluginOut() throws IOException {
        Files.deleteIfExists(pluginJar);
        try (Stream<Path> left = Files.list(ROOT.resolve("plugins"))) {
            if (left.findAny().isEmpty()) {
                Files.delete(ROOT.resolve("plugins"));
            }
        }
    }

    private Run deploy(Map<String, String> environment, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(ROOT.resolve("deploy").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(temp, "out", ".txt");
        Path err = Files.createTempFile(temp, "err", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(temp.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("DEPLOY_"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        assertTrue(process.waitFor(3, TimeUnit.MINUTES), "./deploy " + String.join(" ", args) + " did not end");
        Run run = new Run(process.exitValue(), Files.readString(out), Files.readString(err));
        assertFalse(run.err().contains("building deploy.jar"), "the script rebuilt the jar this build packaged");
        return run;
    }

    private String[] installMarker(String state, String... more) {
        List<String> args = new ArrayList<>(List.of("install", "--source", ROOT.resolve("deploy-cli-sample")
                .resolve(SamplePlugin.SOURCE).toString(), "--root", "Marker", "--set", "Marker.Owner=the script",
                "--state", temp.resolve(state).toString(), "--yes"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** What the script checks before it runs the jar: no source and no pom.xml of the first two levels newer. */
    @Test
    void theJarThisBuildPackagedIsNewerThanEverySourceSoTheScriptRunsItAsIs() throws IOException {
        FileTime packaged = Files.getLastModifiedTime(JAR);
        try (Stream<Path> files = Files.walk(ROOT)) {
            List<Path> newer = files.filter(f -> f.toString().replace('\\', '/').contains("/src/main/")
                            || f.getFileName().toString().equals("pom.xml") && ROOT.relativize(f).getNameCount() <= 2)
                    .filter(f -> modified(f).compareTo(packaged) > 0).toList();
            assertEquals(List.of(), newer, "./deploy would rebuild deploy.jar for these");
        }
    }

    @Test
    void pluginsListsTheStepTypeOfAJarInThePluginsFolder() throws Exception {
        Run run = deploy(Map.of(), "plugins", "--json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode plugins = new ObjectMapper().readTree(run.out()).get("plugins");
        JsonNode writeMarker = Stream.iterate(0, i -> i < plugins.size(), i -> i + 1).map(plugins::get)
                .filter(p -> p.get("names").toString().equals("[\"WriteMarker\"]")).findFirst()
                .orElseThrow(() -> new AssertionError(run.out()));
        assertEquals(pluginJar.toString().replace('\\', '/'), writeMarker.get("source").asText());
        assertEquals("com.example.deploy.WriteMarkerStepHandler", writeMarker.get("class").asText());
    }

    @Test
    void installRunsTheStepTypeOfThePluginAndVerboseShowsWhatItLogs() throws Exception {
        Path folder = temp.resolve("target");

        Run run = deploy(Map.of("DEPLOY_VAR_MARKER_FOLDER", folder.toString()), prepend("-v", installMarker("state")));

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertEquals("installed by the script", Files.readString(folder.resolve("installed.txt")));
        assertTrue(run.out().contains("file " + folder.toString().replace('\\', '/') + "/installed.txt"), run.out());
        assertTrue(run.err().contains("INFO WriteMarker: wrote " + folder.toString().replace('\\', '/')
                + "/installed.txt"), run.err());
    }

    @Test
    void aMarkerThatIsThereAlreadyIsReplacedWithANoticeInTextAndJson() throws Exception {
        Path folder = temp.resolve("target");
        Files.createDirectories(folder);
        Files.writeString(folder.resolve("installed.txt"), "an older marker");
        Map<String, String> environment = Map.of("DEPLOY_VAR_MARKER_FOLDER", folder.toString());

        Run text = deploy(environment, installMarker("state"));
        Files.writeString(folder.resolve("installed.txt"), "an older marker");
        Run json = deploy(environment, installMarker("json-state", "--json"));

        assertEquals(0, text.exitCode(), text.out() + text.err());
        assertTrue(text.out().matches("(?s).*\n  notice: \\S*Marker\\.1\\.0\\.0/manifest\\.xml:6:5 \\(package Marker@1\\.0\\.0,"
                + " step 1 WriteMarker\\): replaces the marker \\S*installed\\.txt\n.*"), text.out());
        assertEquals(0, json.exitCode(), json.out() + json.err());
        JsonNode notice = json.out().lines().map(DeployScriptIT::read)
                .filter(e -> e.get("type").asText().equals("StepNotice")).findFirst()
                .orElseThrow(() -> new AssertionError(json.out()));
        assertEquals("WriteMarker", notice.get("step").get("stepType").asText());
        assertTrue(notice.get("text").asText().startsWith("replaces the marker "), notice.toString());
    }

    private static String[] prepend(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JsonNode read(String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void aTruncatedArchiveBesideTheJarIsNotUsedAndTheNextRunMakesItWholeAgain() throws Exception {
        Path archive = ROOT.resolve("deploy-cli-sample/target/deploy.jsa");
        assertEquals(0, deploy(Map.of(), "--version").exitCode());
        long whole = Files.size(archive);
        archive.toFile().setWritable(true);
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(archive,
                java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(whole / 3);
        }

        Run run = deploy(Map.of(), "plugins", "--json");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.err(), "nothing from the JVM");
        assertTrue(new ObjectMapper().readTree(run.out()).get("plugins").size() > 0, run.out());
        assertTrue(Files.size(archive) > whole / 3, "made again");
        assertEquals(Files.size(archive) + " " + Files.size(JAR) + " java",
                Files.readString(ROOT.resolve("deploy-cli-sample/target/deploy.jsa.ok")).strip());
    }
}
