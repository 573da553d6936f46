package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code deploy.jar} in a child JVM, deploying files, a tagged file with a secret and a
 * SQL patch on the test PostgreSQL, killed with {@code destroyForcibly} (SIGKILL) in Prepare, in
 * Execute and inside the patch's transaction, then run again at once: it takes the dead run's lock
 * over without waiting, converges, applies the patch once, closes the killed deployment in the
 * journal, and leaves no secret in the state folder.
 */
class CrashRecoveryIT {

    private static final Path JAR = Path.of("target/deploy.jar").toAbsolutePath();
    private static final String PG_URL = System.getenv().getOrDefault("STAGEHAND_PG_URL",
            "jdbc:postgresql://localhost:5432/stagehand");
    private static final String SECRET = "Cr4sh-S3cret-" + UUID.randomUUID().toString().substring(0, 8);
    private static final int FILES = 1500;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Where the first run is killed. */
    enum KillPoint {
        /** While DeployFiles stages its files, after TaggedFile made its copy with the secret in it. */
        PREPARE,
        /** While DeployFiles puts its files in place. */
        EXECUTE,
        /** While the SQL patch sleeps inside its transaction, its first statement done. */
        SQL_TRANSACTION
    }

    @TempDir
    Path temp;

    private String schema;

    @BeforeEach
    void privateSchema() throws SQLException {
        schema = "crash_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        try (Connection c = DriverManager.getConnection(PG_URL, "stagehand", "stagehand");
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
            s.execute("CREATE TABLE " + schema + ".crash_marks (mark VARCHAR(20))");
        }
    }

    @AfterEach
    void dropSchema() throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL, "stagehand", "stagehand");
             Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + schema + " CASCADE");
        }
    }

    /** The package, made here: a thousand files take long enough to stage that a kill lands inside. */
    private Path source() throws IOException {
        Path app = temp.resolve("source/Crash.App.1.0.0");
        for (int i = 0; i < FILES; i++) {
            Files.writeString(Files.createDirectories(app.resolve("files/part-" + (i % 30))).resolve("file-" + i + ".txt"),
                    "content of file " + i + "\n".repeat(50));
        }
        Files.writeString(Files.createDirectories(app.resolve("config")).resolve("app.config"),
                "user=app\npassword=$(Product.App.Password)\n");
        Files.writeString(Files.createDirectories(app.resolve("sql")).resolve("001-marks.sql"),
                "INSERT INTO crash_marks (mark) VALUES ('applied');\nSELECT pg_sleep($(Crash.SqlPause));\n");
        Files.writeString(app.resolve("manifest.xml"), """
                <?xml version="1.0" encoding="utf-8"?>
                <deploymentPackage version="1.0">
                  <packageId>Crash.App</packageId>
                  <packageType>Presentation</packageType>
                  <version>1.0.0</version>
                  <targetDirectory>$(Product.InstallationPath)/App</targetDirectory>
                  <steps>
                    <step type="TaggedFile" contentPath="config/app.config" />
                    <step type="DeployFiles" contentPath="files/**;config/**" />
                    <step type="Hold" stage="$(Crash.HoldIn)" switch="$(Crash.HoldSwitch)" reached="$(Crash.Reached)" />
                    <step type="RunSql" contentPath="sql/001-marks.sql" targetDatabase="$(Product.Database.Online)" patchId="CRASH-001" replaceTokens="true" />
                  </steps>
                </deploymentPackage>
                """);
        return temp.resolve("source");
    }

    private Path parameters(int sqlPauseSeconds, KillPoint where) throws IOException {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("Product.InstallationPath", temp.resolve("install").toString());
        values.put("Product.Database.Online.Url", PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema);
        values.put("Product.Database.Online.User", "stagehand");
        values.put("Product.Database.Online.Password", "stagehand");
        values.put("Product.App.Password", SECRET);
        values.put("Crash.SqlPause", sqlPauseSeconds);
        values.put("Crash.HoldIn", where == KillPoint.EXECUTE ? "Execute" : "Prepare");
        values.put("Crash.HoldSwitch", temp.resolve("hold").toString());
        values.put("Crash.Reached", temp.resolve("reached").toString());
        Path file = temp.resolve("parameters-" + sqlPauseSeconds + ".json");
        JSON.writeValue(file.toFile(), values);
        return file;
    }

    private ProcessBuilder install(Path source, Path parameters) {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toString(), "--plugins", temp.resolve("plugins").toString(), "install", "--source", source.toString(), "--root", "Crash.App", "--parameters",
                parameters.toString(), "--state", temp.resolve("state").toString(), "--yes", "--json",
                "--lock-wait", "0").directory(temp.toFile());
    }

    /** The {@code Hold} step type as a plugin jar, the way a user installs one. */
    private void holdPlugin() throws IOException {
        Path folder = temp.resolve("hold-plugin");
        String name = dev.stagehand.cli.crash.HoldStepHandler.class.getName();
        Path compiled = Path.of("target/test-classes", name.replace('.', '/') + ".class");
        Files.copy(compiled, Files.createDirectories(folder.resolve(compiled.getParent().toString()
                .substring("target/test-classes/".length()))).resolve(compiled.getFileName()));
        Files.writeString(Files.createDirectories(folder.resolve("META-INF/services"))
                .resolve("dev.stagehand.api.spi.StepHandler"), name + "\n");
        PluginJarFixtures.pack(folder, temp.resolve("plugins/hold.jar"));
    }

    @ParameterizedTest
    @EnumSource(KillPoint.class)
    void aDeploymentKilledAnywhereConvergesOnAnImmediateRerun(KillPoint where) throws Exception {
        Path source = source();
        holdPlugin();
        if (where != KillPoint.SQL_TRANSACTION) {
            Files.createFile(temp.resolve("hold"));
        }
        Process killed = install(source, parameters(where == KillPoint.SQL_TRANSACTION ? 5 : 0, where))
                .redirectErrorStream(true).redirectOutput(temp.resolve("killed.out").toFile()).start();
        if (where == KillPoint.SQL_TRANSACTION) {
            awaitPatchSleeping(killed);
        } else {
            awaitHeld(killed, where);
        }
        killed.destroyForcibly();
        assertTrue(killed.waitFor(30, TimeUnit.SECONDS));
        Files.deleteIfExists(temp.resolve("hold"));

        Path rerunOut = temp.resolve("rerun.out");
        Process rerun = install(source, parameters(0, where)).redirectErrorStream(true)
                .redirectOutput(rerunOut.toFile()).start();
        assertTrue(rerun.waitFor(3, TimeUnit.MINUTES), "the re-run did not end");

        String output = Files.readString(rerunOut);
        assertEquals(0, rerun.exitValue(), () -> "the re-run said:\n" + output);
        assertTheTargetIsComplete();
        assertEquals(List.of("applied"), rows("SELECT mark FROM crash_marks"));
        assertEquals(List.of("CRASH-001"), rows("SELECT PatchId FROM T_DatabasePatches"));
        JsonNode journal = JSON.readTree(temp.resolve("state/journal.json").toFile());
        List<String> outcomes = new ArrayList<>();
        journal.get("deployments").forEach(d -> outcomes.add(d.get("outcome").asText()));
        assertEquals(List.of("INTERRUPTED", "SUCCEEDED"), outcomes, journal::toPrettyString);
        assertNoSecretIn(temp.resolve("state"));
        try (Stream<Path> work = Files.list(temp.resolve("state/work"))) {
            assertEquals(List.of(), work.toList(), "a work folder was left behind");
        }
    }

    /** Waits until the {@code Hold} step holds the first run in the stage asked for. */
    private void awaitHeld(Process process, KillPoint where) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        Path reached = temp.resolve("reached");
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "the first run ended: " + read(temp.resolve("killed.out")));
            if (Files.exists(reached) && !Files.readString(reached).isEmpty()) {
                assertEquals(where == KillPoint.EXECUTE ? "Execute" : "Prepare", Files.readString(reached));
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the first run never reached its hold: " + read(temp.resolve("killed.out")));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private void awaitPatchSleeping(Process process) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            assertTrue(process.isAlive(), () -> "the first run ended: " + read(temp.resolve("killed.out")));
            try (Connection c = DriverManager.getConnection(PG_URL, "stagehand", "stagehand");
                 Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("SELECT 1 FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(5)%'")) {
                if (r.next()) {
                    return;
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the patch never started its sleep");
    }

    private void assertTheTargetIsComplete() throws IOException {
        Path app = temp.resolve("install/App");
        assertEquals("user=app\npassword=" + SECRET + "\n", Files.readString(app.resolve("config/app.config")));
        try (Stream<Path> files = Files.walk(app.resolve("files"))) {
            assertEquals(FILES, files.filter(Files::isRegularFile).count());
        }
        assertEquals("content of file 7" + "\n".repeat(50), Files.readString(app.resolve("files/part-7/file-7.txt")));
        try (Stream<Path> all = Files.walk(temp.resolve("install"))) {
            List<String> strays = all.map(p -> temp.resolve("install").relativize(p).toString())
                    .filter(p -> !p.isEmpty() && !p.equals("App") && !p.startsWith("App/files") && !p.equals("App/config")
                            && !p.equals("App/config/app.config")).toList();
            assertEquals(List.of(), strays, "the target holds what a killed run left half done");
        }
    }

    private static void assertNoSecretIn(Path state) throws IOException {
        byte[] secret = SECRET.getBytes(StandardCharsets.UTF_8);
        try (Stream<Path> all = Files.walk(state)) {
            for (Path file : all.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                assertFalse(content.contains(new String(secret, StandardCharsets.ISO_8859_1)),
                        "the secret is in " + state.relativize(file));
            }
        }
    }

    private List<String> rows(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema="
                + schema, "stagehand", "stagehand"); Statement s = c.createStatement(); ResultSet r = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (r.next()) {
                out.add(r.getString(1));
            }
            return out;
        }
    }
}
