package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstallCommandTest {

    private static final String SOURCE = "src/test/resources/install/source";

    @TempDir
    Path temp;

    private Path parameters() throws Exception {
        Path file = temp.resolve("parameters.json");
        Files.writeString(file, "{\"Product.InstallationPath\": \"" + temp.resolve("install").toString().replace("\\", "/")
                + "\", \"Product.SystemName\": \"MES\", \"App.Password\": \"hunter2-secret\"}");
        return file;
    }

    private CliRun install(String... extra) throws Exception {
        List<String> args = new java.util.ArrayList<>(List.of("install", "--source", SOURCE, "--root", "Root",
                "--parameters", parameters().toString(), "--state", temp.resolve("state").toString(), "--yes"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    @Test
    void installsThenReportsNothingToDoTheSecondTime() throws Exception {
        CliRun first = install();

        assertEquals(0, first.exitCode(), first.out() + first.err());
        assertTrue(first.out().contains("succeeded   App@1.0.0"), first.out());
        assertTrue(first.out().contains("Execute    [##############################] 1/1 steps"), first.out());
        assertTrue(first.out().contains("Validate   [##############################] 2/2 steps"), first.out());
        assertEquals("name=MES\npassword=hunter2-secret\n",
                Files.readString(temp.resolve("install/app/bin/app.properties")));
        assertEquals("library\n", Files.readString(temp.resolve("install/app/bin/lib/core.dll")));
        assertFalse(first.out().contains("hunter2-secret"), first.out());

        CliRun second = install();

        assertEquals(0, second.exitCode());
        assertTrue(second.out().startsWith("Nothing to do: Root@1.0.0 and everything it needs are installed"),
                second.out());
    }

    @Test
    void jsonPrintsOneEventPerLineThenTheResult() throws Exception {
        CliRun run = install("--json");

        assertEquals(0, run.exitCode(), run.err());
        List<String> lines = run.out().lines().toList();
        ObjectMapper json = new ObjectMapper();
        JsonNode first = json.readTree(lines.get(0));
        assertEquals("DeploymentStarted", first.get("type").asText());
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"StageStarted\"") && l.contains("\"stage\":\"EXECUTE\"")));
        JsonNode last = json.readTree(lines.get(lines.size() - 1));
        assertEquals("DeploymentResult", last.get("type").asText());
        assertEquals("succeeded", last.get("result").get("outcome").asText());
        assertEquals("App", last.get("result").get("packages").get(0).get("id").asText());
        assertFalse(run.out().contains("hunter2-secret"));
    }

    @Test
    void aValidationFailureExitsWithOneListingEveryProblemAndChangesNothing() throws Exception {
        CliRun run = CliRun.of("install", "--source", "src/test/resources/install/broken", "--root", "Root",
                "--state", temp.resolve("state").toString(), "--yes");

        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("Validation failed; nothing was changed. 3 problems:"), run.out());
        assertTrue(run.out().contains("no script handler runs scripts/missing.xyz"), run.out());
        assertTrue(run.out().contains("onExecute names scripts/missing.xyz, which is not in the package"), run.out());
        assertTrue(run.out().contains("variable $(Undefined.Name) used in attribute contentPath is not set"), run.out());
    }

    @Test
    void aStepTypeNoLoadedPluginServesIsRefusedBeforeAnythingStartsNamingItsModule() throws Exception {
        CliRun run = CliRun.of("install", "--source", "src/test/resources/install/unknown-type", "--root", "Root",
                "--state", temp.resolve("state").toString(), "--yes");

        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("Deployment not started:"), run.out());
        assertTrue(run.out().contains("step 1 RunClickHouseSql): error: no loaded plugin serves step type"
                + " 'RunClickHouseSql'; it is served by the module deploy-steps-clickhouse"), run.out());
        assertFalse(java.nio.file.Files.exists(temp.resolve("state/journal.json")), "no deployment was recorded");
    }

    @Test
    void statusShowsWhatIsInstalledAndTheLastDeployment() throws Exception {
        install();

        CliRun text = CliRun.of("status", "--state", temp.resolve("state").toString());
        CliRun json = CliRun.of("status", "--json", "--state", temp.resolve("state").toString());

        assertEquals(0, text.exitCode());
        assertTrue(text.out().contains("Installed (2):"), text.out());
        assertTrue(text.out().matches("(?s).*App +1.0.0.*"), text.out());
        assertTrue(text.out().contains("succeeded Root@1.0.0"), text.out());
        JsonNode status = new ObjectMapper().readTree(json.out());
        assertEquals(2, status.get("installed").size());
        assertEquals("SUCCEEDED", status.get("deployments").get(0).get("outcome").asText());
    }

    @Test
    void aBadOnErrorValueIsBadUsage() throws Exception {
        assertEquals(2, install("--on-error", "sometimes").exitCode());
    }

    @Test
    void theSampleSystemDeploysWithItsEmbeddedDatabaseAndTheSecondRunHasNothingToDo() throws Exception {
        String folder = temp.resolve("sample").toString().replace("\\", "/");
        String sample = Files.readString(Path.of("../samples/parameters.json"))
                .replace("build/sample-install", folder).replace("./" + folder, folder);
        Path parameters = temp.resolve("sample-parameters.json");
        Files.writeString(parameters, sample);
        String[] args = {"install", "--source", "../samples/source", "--root", "Cmf.Sample.Root", "--parameters",
                parameters.toString(), "--state", temp.resolve("sample-state").toString(), "--yes"};

        CliRun first = CliRun.of(args);

        assertEquals(0, first.exitCode(), first.out() + first.err());
        assertTrue(first.out().contains("6 succeeded"), first.out());
        assertTrue(Files.readString(temp.resolve("sample/Web/www/config.json")).contains("cmf.sample.web"));
        assertTrue(Files.readString(temp.resolve("sample/Business/bin/appsettings.json")).contains("\"SAMPLE\""));
        try (var connection = java.sql.DriverManager.getConnection("jdbc:h2:file:" + folder + "/db/online", "sa", "");
             var rows = connection.createStatement().executeQuery("SELECT Name, Price FROM T_Product ORDER BY Id")) {
            assertTrue(rows.next());
            assertEquals("Widget; the original", rows.getString(1));
            assertEquals(new java.math.BigDecimal("9.90"), rows.getBigDecimal(2));
            assertTrue(rows.next(), "the Generic script of the reports package ran");
        }
        assertFalse(first.out().contains("sample-admin-secret"));

        CliRun second = CliRun.of(args);

        assertEquals(0, second.exitCode());
        assertTrue(second.out().startsWith("Nothing to do"), second.out());
    }
}
