package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.core.journal.FileDeploymentJournal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PlanCommandTest {

    private static final String SOURCES = "../deploy-core/src/test/resources/sources/";
    private static final String INSTALL_SOURCE = "src/test/resources/install/source";

    @TempDir
    Path state;

    @Test
    void printsTheSamplePlanForPeople() {
        CliRun run = CliRun.of("plan", "--source", "../samples/source", "--root", "Cmf.Sample.Root",
                "--parameters", "../samples/parameters.json", "--state", state.toString());

        assertEquals(0, run.exitCode(), run.err() + run.out());
        String out = run.out();
        assertTrue(out.startsWith("Plan for Cmf.Sample.Root@1.0.0: clean installation, 6 package versions to deploy"),
                out);
        assertTrue(out.matches("(?s).*3  Cmf.Sample.Database +1.1.0 +upgrade from 1.0.0 +MigrationPath.*"), out);
        assertTrue(out.contains("folder build/sample-install/Web (Cmf.Sample.Web)"), out);
        assertFalse(out.contains("sample-admin-secret"), out);
    }

    @Test
    void showsWhichStepsCannotBeUndone() {
        CliRun run = CliRun.of("plan", "--source", "../samples/source", "--root", "Cmf.Sample.Root",
                "--parameters", "../samples/parameters.json", "--state", state.toString());

        String out = run.out();
        assertTrue(out.matches("(?s).*\\d+\\. RunSql .*\\[cannot be undone\\].*"), out);
        assertTrue(out.contains("Cannot be undone by a rollback ("), out);
        assertTrue(out.contains("Cmf.Sample.Database@1.0.0 step 1 RunSql"), out);
        assertFalse(out.matches("(?s).*DeployFiles[^\\n]*\\[cannot be undone\\].*"), out);
    }

    @Test
    void printsThePlanAsJsonWithTheInstalledVersionsOfTheStateFolder() throws Exception {
        FileDeploymentJournal.open(state).packageInstalled(new InstalledPackage("Migrating", "1.0.0", Instant.now(), "d1"));

        CliRun run = CliRun.of("plan", "--json", "--source", SOURCES + "strategies", "--root", "Root",
                "--state", state.toString());

        assertEquals(0, run.exitCode(), run.err());
        JsonNode plan = new ObjectMapper().readTree(run.out());
        assertEquals(1, plan.get("schemaVersion").asInt());
        assertEquals("upgrade", plan.get("mode").asText());
        assertEquals("Root", plan.get("root").get("id").asText());
        JsonNode packages = plan.get("packages");
        assertEquals(4, packages.size());
        JsonNode migrating = packages.get(1);
        assertEquals("Migrating", migrating.get("id").asText());
        assertEquals("1.1.0", migrating.get("version").asText());
        assertEquals("upgrade", migrating.get("action").asText());
        assertEquals("1.0.0", migrating.get("from").asText());
        assertEquals("MigrationPath", migrating.get("strategy").asText());
        assertEquals("RunSql", migrating.get("steps").get(0).get("type").asText());
        assertEquals("new", packages.get(0).get("action").asText());
    }

    @Test
    void aResolutionFailureExitsWithOneAndListsTheProblems() throws Exception {
        CliRun text = CliRun.of("plan", "--source", SOURCES + "conflict", "--root", "Root", "--state", state.toString());
        assertEquals(1, text.exitCode());
        assertTrue(text.out().contains("no version of C satisfies every constraint"), text.out());

        CliRun json = CliRun.of("plan", "--json", "--source", SOURCES + "cycle", "--root", "Root",
                "--state", state.toString());
        assertEquals(1, json.exitCode());
        JsonNode failure = new ObjectMapper().readTree(json.out());
        assertFalse(failure.get("planned").asBoolean());
        assertEquals("dependency cycle: A@1.0.0 → B@1.0.0 → C@1.0.0 → A@1.0.0",
                failure.get("problems").get(0).get("message").asText());
    }

    @Test
    void outSavesThePlanWithItsSourcesRootAndDigestButNoSecretValue() throws Exception {
        Path parameters = state.resolve("parameters.json");
        Files.writeString(parameters, "{\"Product.InstallationPath\": \"build/app\", \"Product.SystemName\": \"MES\","
                + " \"App.Password\": \"hunter2-secret\"}");
        Path file = state.resolve("plan.json");

        CliRun run = CliRun.of("plan", "--source", INSTALL_SOURCE, "--root", "Root", "--parameters", parameters.toString(),
                "--state", state.resolve("state").toString(), "--out", file.toString());

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().endsWith("Saved the plan to " + file + "; deploy exactly it with: deploy install --plan "
                + file + "\n"), run.out());
        String saved = Files.readString(file);
        assertFalse(saved.contains("hunter2-secret"), saved);
        JsonNode plan = new ObjectMapper().readTree(saved);
        assertEquals(Path.of(INSTALL_SOURCE).toAbsolutePath().normalize().toString(), plan.get("sources").get(0).asText());
        assertEquals("Root", plan.get("root").asText());
        assertEquals("1.0.0", plan.get("rootVersion").asText());
        assertEquals(parameters.toAbsolutePath().normalize().toString(), plan.get("parameters").asText());
        assertEquals("[\"App@1.0.0\",\"Root@1.0.0\"]", plan.get("packages").toString());
        assertTrue(plan.get("digest").get("manifests").asText().matches("[0-9a-f]{64}"), saved);
        assertTrue(plan.get("digest").get("parameters").asText().matches("[0-9a-f]{64}"), saved);
    }

    @Test
    void setGivesAValueOverTheParametersFile() {
        CliRun run = CliRun.of("plan", "--source", "../samples/source", "--root", "Cmf.Sample.Root",
                "--parameters", "../samples/parameters.json", "--set", "Product.InstallationPath=elsewhere",
                "--state", state.toString());

        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().contains("folder elsewhere/Web (Cmf.Sample.Web)"), run.out());
        assertFalse(run.out().contains("build/sample-install"), run.out());
    }

    @Test
    void aStepTypeNoLoadedPluginServesIsRefusedListingTheKnownTypes() {
        CliRun run = CliRun.of("plan", "--source", "src/test/resources/install/unknown-type", "--root", "Root",
                "--state", state.toString());

        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.out().startsWith("No plan for Root:\n"), run.out());
        assertTrue(run.out().contains("(package Root@1.0.0, step 1 RunCobol): error: no loaded plugin serves"
                + " step type 'RunCobol'; known types: "), run.out());
    }

    @Test
    void badUsageExitsWithTwo() {
        assertEquals(2, CliRun.of("plan", "--root", "Root").exitCode());
        assertEquals(2, CliRun.of("plan", "--source", "no/such/dir", "--root", "Root").exitCode());
    }

    @Test
    void badParametersAreReportedWithTheirLocation() {
        CliRun run = CliRun.of("plan", "--source", "../samples/source", "--root", "Cmf.Sample.Root",
                "--parameters", "../deploy-core/src/test/resources/parameters/bad-json.json", "--state", state.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("bad-json.json:4:3: error: not valid JSON"), run.out());
    }
}
