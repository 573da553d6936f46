package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
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
        return CliRun.of(installArguments("state", extra));
    }

    private String[] installArguments(String state, String... extra) throws Exception {
        return concat(new String[] {"install", "--source", SOURCE, "--root", "Root", "--parameters",
                parameters().toString(), "--state", temp.resolve(state).toString(), "--yes"}, extra);
    }

    private static String[] concat(String[] first, String... more) {
        List<String> all = new java.util.ArrayList<>(List.of(first));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private static String slashes(Path path) {
        return path.toString().replace("\\", "/");
    }

    private static JsonNode read(ObjectMapper json, String line) {
        try {
            return json.readTree(line);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
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
        assertTrue(lines.stream().anyMatch(l -> l.contains("\"type\":\"StageStarted\"") && l.contains("\"stage\":\"Execute\"")),
                "a stage is written as manifests write it");
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
    void aValidationFailureInJsonReportsEachProblemFlatAsTheResultDoes() throws Exception {
        CliRun run = CliRun.of("install", "--source", "src/test/resources/install/broken", "--root", "Root",
                "--state", temp.resolve("state").toString(), "--yes", "--json");

        assertEquals(1, run.exitCode());
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> problems = run.out().lines().map(line -> read(json, line))
                .filter(event -> event.get("type").asText().equals("ProblemReported")).map(e -> e.get("problem"))
                .toList();
        assertFalse(problems.isEmpty(), run.out());
        JsonNode undefined = problems.stream().filter(p -> p.get("message").asText().contains("$(Undefined.Name)"))
                .findFirst().orElseThrow(() -> new AssertionError(run.out()));
        assertEquals("error", undefined.get("severity").asText());
        assertEquals("Root", undefined.get("package").asText());
        assertTrue(undefined.get("step").asInt() > 0, undefined::toString);
        assertFalse(undefined.has("location"), "the problem is flat: " + undefined);
    }

    @Test
    void aStepTypeNoLoadedPluginServesIsRefusedBeforeAnythingStarts() throws Exception {
        CliRun run = CliRun.of("install", "--source", "src/test/resources/install/unknown-type", "--root", "Root",
                "--state", temp.resolve("state").toString(), "--yes");

        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("Deployment not started:"), run.out());
        assertTrue(run.out().contains("step 1 RunCobol): error: no loaded plugin serves step type"
                + " 'RunCobol'; known types: "), run.out());
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
        assertTrue(text.out().contains("succeeded   Root@1.0.0"), text.out());
        JsonNode status = new ObjectMapper().readTree(json.out());
        assertEquals(2, status.get("installed").size());
        assertEquals("SUCCEEDED", status.get("deployments").get(0).get("outcome").asText());
    }

    @Test
    void setWinsOverTheEnvironmentWhichWinsOverTheParametersFile() throws Exception {
        CommandEnvironment environment = new CommandEnvironment(null, Map.of("DEPLOY_VAR_PRODUCT_SYSTEMNAME", "ENV"));
        String[] args = {"install", "--source", SOURCE, "--root", "Root", "--parameters", parameters().toString(),
                "--yes"};

        CliRun fromEnvironment = CliRun.in(environment, concat(args, "--state", temp.resolve("env-state").toString()));
        String fromEnvironmentFile = Files.readString(temp.resolve("install/app/bin/app.properties"));
        CliRun fromSet = CliRun.in(environment, concat(args, "--state", temp.resolve("set-state").toString(),
                "--set", "Product.SystemName=SET", "--set", "Product.InstallationPath=" + slashes(temp.resolve("set"))));

        assertEquals(0, fromEnvironment.exitCode(), fromEnvironment.out());
        assertEquals("name=ENV\npassword=hunter2-secret\n", fromEnvironmentFile);
        assertEquals(0, fromSet.exitCode(), fromSet.out());
        assertEquals("name=SET\npassword=hunter2-secret\n", Files.readString(temp.resolve("set/app/bin/app.properties")));
    }

    @Test
    void aSetWithoutAnEqualsSignIsBadUsageNamingTheOption() throws Exception {
        CliRun run = install("--set", "Product.SystemName");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("--set"), run.err());
        assertTrue(run.err().contains("Product.SystemName"), run.err());
        assertFalse(Files.exists(temp.resolve("install")), "nothing was deployed");
    }

    @Test
    void jsonEventsCarryTheStepsProgress() throws Exception {
        CliRun run = install("--json");

        assertEquals(0, run.exitCode(), run.err());
        ObjectMapper json = new ObjectMapper();
        JsonNode progress = run.out().lines().map(line -> read(json, line))
                .filter(event -> event.get("type").asText().equals("StepProgress")).reduce((a, b) -> b).orElseThrow();
        assertEquals("DeployFiles", progress.get("step").get("stepType").asText());
        assertEquals("App", progress.get("step").get("package").asText());
        assertEquals(1, progress.get("step").get("step").asInt());
        assertTrue(progress.get("step").get("file").asText().endsWith("App.1.0.0/manifest.xml"), progress::toString);
        assertEquals(8, progress.get("step").get("line").asInt(), "a step is located at its line of the manifest");
        assertEquals("files", progress.get("unit").asText());
        assertEquals(2, progress.get("done").asLong());
        assertEquals(2, progress.get("total").asLong());
    }

    @Test
    void aSavedPlanRunsWithoutSourceOrRootReadingItsParametersAgain() throws Exception {
        Path plan = temp.resolve("plan.json");
        CliRun planned = CliRun.of("plan", "--source", SOURCE, "--root", "Root", "--parameters", parameters().toString(),
                "--state", temp.resolve("state").toString(), "--out", plan.toString());

        CliRun run = CliRun.of("install", "--plan", plan.toString(), "--state", temp.resolve("state").toString(), "--yes");

        assertEquals(0, planned.exitCode(), planned.out());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().startsWith("Saved plan for Root@1.0.0 (" + plan + "): 2 package versions to deploy\n"
                + "  App@1.0.0\n  Root@1.0.0\n"), run.out());
        assertTrue(run.out().contains("succeeded   App@1.0.0"), run.out());
        assertEquals("name=MES\npassword=hunter2-secret\n",
                Files.readString(temp.resolve("install/app/bin/app.properties")));
    }

    @Test
    void aSavedPlanDeploysWithTheStateFolderAndTargetItWasApprovedFor() throws Exception {
        Path plan = temp.resolve("plan.json");
        Path state = temp.resolve("approved-state");
        CliRun planned = CliRun.of("plan", "--source", SOURCE, "--root", "Root", "--parameters", parameters().toString(),
                "--state", state.toString(), "--out", plan.toString());

        CliRun run = CliRun.of("install", "--plan", plan.toString(), "--yes");

        assertEquals(0, planned.exitCode(), planned.out());
        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(Files.isRegularFile(state.resolve("journal.json")), "the approved state folder holds the journal");
        JsonNode saved = new ObjectMapper().readTree(plan.toFile());
        assertEquals(state.toAbsolutePath().normalize().toString(), saved.get("options").get("state").asText());
        assertEquals("local:" + Path.of("").toAbsolutePath(), saved.get("options").get("target").asText());
    }

    @Test
    void aSavedPlanIsRefusedWhenAManifestChangedSinceItWasMade() throws Exception {
        // A copy of the fixture, to change without changing the fixture.
        Path source = temp.resolve("source");
        org.apache.commons.io.file.PathUtils.copyDirectory(Path.of(SOURCE), source);
        Path plan = temp.resolve("plan.json");
        CliRun planned = CliRun.of("plan", "--source", source.toString(), "--root", "Root", "--parameters",
                parameters().toString(), "--state", temp.resolve("state").toString(), "--out", plan.toString());
        Path manifest = source.resolve("App.1.0.0/manifest.xml");
        Files.writeString(manifest, Files.readString(manifest).replace("contentPath=\"bin/**\"",
                "contentPath=\"bin/lib/**\""));

        CliRun run = CliRun.of("install", "--plan", plan.toString(), "--state", temp.resolve("state").toString(), "--yes");

        assertEquals(0, planned.exitCode(), planned.out());
        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.out().contains("Deployment not started:\n  (package Root@1.0.0): error: the plan for Root@1.0.0 was"
                + " made from inputs that have changed since: the packages or their manifests; nothing was changed."),
                run.out());
        assertFalse(Files.exists(temp.resolve("install")), "nothing was deployed");
    }

    @Test
    void aSavedPlanIsRefusedWhenTheParametersGiveAnotherValue() throws Exception {
        Path plan = temp.resolve("plan.json");
        CliRun.of("plan", "--source", SOURCE, "--root", "Root", "--parameters", parameters().toString(),
                "--state", temp.resolve("state").toString(), "--out", plan.toString());

        CliRun run = CliRun.of("install", "--plan", plan.toString(), "--set", "Product.SystemName=OTHER",
                "--state", temp.resolve("state").toString(), "--yes");

        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.out().contains("have changed since: the parameters;"), run.out());
    }

    @Test
    void installNeedsEitherASourceAndRootOrAPlanNotBoth() throws Exception {
        Path plan = temp.resolve("plan.json");
        CliRun.of("plan", "--source", SOURCE, "--root", "Root", "--parameters", parameters().toString(),
                "--state", temp.resolve("state").toString(), "--out", plan.toString());

        CliRun neither = CliRun.of("install", "--yes");
        CliRun both = CliRun.of("install", "--plan", plan.toString(), "--source", SOURCE, "--root", "Root", "--yes");
        CliRun planAndSource = CliRun.of("install", "--plan", plan.toString(), "--source", SOURCE, "--yes");
        CliRun sourceOnly = CliRun.of("install", "--source", SOURCE, "--yes");
        CliRun missingPlan = CliRun.of("install", "--plan", temp.resolve("none.json").toString(), "--yes");

        assertEquals(2, neither.exitCode());
        assertTrue(neither.err().contains("--plan"), neither.err());
        assertEquals(2, both.exitCode());
        assertTrue(both.err().contains("--plan runs a saved plan with the sources and root it was made with: leave"
                + " out --source and --root"), both.err());
        assertEquals(2, planAndSource.exitCode());
        assertTrue(planAndSource.err().contains("leave out --source and --root"), planAndSource.err());
        assertFalse(planAndSource.err().contains("Missing required argument"), planAndSource.err());
        assertEquals(2, sourceOnly.exitCode());
        assertTrue(sourceOnly.err().contains("--root"), sourceOnly.err());
        assertEquals(2, missingPlan.exitCode());
        assertTrue(missingPlan.err().contains("no such plan file: " + temp.resolve("none.json")), missingPlan.err());
    }

    @Test
    void verboseShowsTheHandlersInfoLinesOnStandardErrorGivenBeforeOrAfterTheCommand() throws Exception {
        String quiet = standardErrorOf(() -> install());
        String before = standardErrorOf(() -> CliRun.of(concat(new String[] {"-v"}, installArguments("before"))));
        String after = standardErrorOf(() -> CliRun.of(installArguments("after", "--verbose")));

        assertFalse(quiet.contains("INFO"), quiet);
        assertTrue(before.contains("INFO DeployFiles: deployed"), before);
        assertTrue(after.contains("INFO DeployFiles: deployed"), after);
        assertFalse(after.contains("hunter2-secret"), after);
    }

    /** What the logs wrote to the process's standard error while {@code run} ran (the CLI logs there). */
    private static String standardErrorOf(java.util.concurrent.Callable<?> run) throws Exception {
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            run.call();
        } finally {
            System.setErr(original);
        }
        return captured.toString(java.nio.charset.StandardCharsets.UTF_8);
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
        // The sample database has the password of samples/parameters.json; another one is refused.
        java.sql.SQLException refused = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                () -> java.sql.DriverManager.getConnection("jdbc:h2:file:" + folder + "/db/online", "sa", "wrong"));
        assertTrue(refused.getMessage().contains("Wrong user name or password"), refused::getMessage);
        try (var connection = java.sql.DriverManager.getConnection("jdbc:h2:file:" + folder + "/db/online", "sa",
                "sample-db-secret");
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
