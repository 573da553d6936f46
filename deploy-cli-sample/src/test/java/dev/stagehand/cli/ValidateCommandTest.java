package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class ValidateCommandTest {

    private static final String FIXTURES = "../deploy-core/src/test/resources/manifests/";

    @Test
    void theSamplesAreAllValid() {
        CliRun run = CliRun.of("validate", "../samples");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.out().contains("OK    Cmf.Sample.Root 1.0.0 (Root, 1 step, 3 dependencies)"), run.out());
        assertTrue(run.out().endsWith("13 packages: 13 valid, 0 invalid, 0 warnings\n"), run.out());
    }

    @Test
    void withTheSamplesParametersEveryStepIsCheckedAsPlanChecksItAndTheSamplesStayValid() {
        CliRun run = CliRun.of("validate", "../samples", "--parameters", "../samples/parameters.json");

        assertEquals(0, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().endsWith("13 packages: 13 valid, 0 invalid, 0 warnings\n"), run.out());
    }

    @Test
    void aValueThatMakesAStepPathClimbOutIsAnErrorAtTheStepAndWithoutItTheStepIsLeftToThePlan() {
        String source = "src/test/resources/hostile/transform-climbs-through-variable/source";

        CliRun without = CliRun.of("validate", source);
        assertEquals(0, without.exitCode(), without.out());

        CliRun with = CliRun.of("validate", source, "--set", "Sub=../outside", "--set", "Target=/srv");
        assertEquals(1, with.exitCode(), with.out());
        assertTrue(with.out().contains("Root.1.0.0/manifest.xml:9:5 (package Root@1.0.0, step 2 TransformFile): error:"
                + " relativePath '../outside' and file 'app.json' climb out of the target directory"), with.out());
    }

    @Test
    void aParametersFileThatCannotBeReadIsReportedBesideADependencyCycle() {
        CliRun run = CliRun.of("validate", "src/test/resources/hostile/dependency-cycle/source", "--parameters",
                "src/test/resources/hostile/parameters-differ-in-case/parameters.json");

        assertEquals(1, run.exitCode(), run.out() + run.err());
        assertTrue(run.out().contains("dependency cycle:"), run.out());
        assertTrue(run.out().contains("'sub' differs from 'Sub' only in case"), run.out());
    }

    @Test
    void aParametersFileThatCannotBeReadIsAnErrorNamingIt() {
        CliRun run = CliRun.of("validate", "../samples", "--parameters",
                "src/test/resources/hostile/parameters-differ-in-case/parameters.json");

        assertEquals(1, run.exitCode(), run.out());
        assertTrue(run.out().contains("FAIL  src/test/resources/hostile/parameters-differ-in-case/parameters.json"),
                run.out());
        assertTrue(run.out().contains("'sub' differs from 'Sub' only in case"), run.out());
    }

    @Test
    void anInvalidPackageFailsWithEveryErrorAndItsLocation() {
        CliRun run = CliRun.of("validate", FIXTURES + "several-errors", FIXTURES + "unknown-elements");

        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("several-errors/manifest.xml:4:3: error: migrationStrategy 'Sometimes'"), run.out());
        assertTrue(run.out().contains("unknown-elements/manifest.xml:5:3: warning: unknown element <futureElement> kept"),
                run.out());
        assertTrue(run.out().contains("2 packages: 1 valid, 1 invalid, 3 warnings"), run.out());
    }

    @Test
    void jsonReportsTheSameAsJson() throws Exception {
        CliRun run = CliRun.of("validate", "--json", FIXTURES + "dependency-without-id", FIXTURES + "bom");

        assertEquals(1, run.exitCode());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals(1, report.get("valid").asInt());
        assertEquals(1, report.get("invalid").asInt());
        JsonNode bad = report.get("packages").get(0);
        assertEquals(false, bad.get("valid").asBoolean());
        JsonNode problem = bad.get("problems").get(0);
        assertEquals("error", problem.get("severity").asText());
        assertEquals("dependency at line 12 has no id", problem.get("message").asText());
        assertEquals(12, problem.get("line").asInt());
        assertEquals(5, problem.get("column").asInt());
        JsonNode good = report.get("packages").get(1);
        assertEquals("Cmf.Bom", good.get("id").asText());
        assertEquals("3.0.1", good.get("version").asText());
    }

    @Test
    void aStepTypeNoLoadedPluginServesIsAWarningAtTheStepListingTheKnownTypes() {
        CliRun run = CliRun.of("validate", "src/test/resources/install/unknown-type");

        assertEquals(0, run.exitCode(), run.out());
        assertTrue(run.out().contains("OK    Root 1.0.0"), run.out());
        assertTrue(run.out().contains("      src/test/resources/install/unknown-type/Root.1.0.0/manifest.xml:6:5"
                + " (package Root@1.0.0, step 1 RunCobol): warning: no loaded plugin serves step type"
                + " 'RunCobol'; known types: "), run.out());
        assertTrue(run.out().endsWith("1 package: 1 valid, 0 invalid, 1 warning\n"), run.out());
    }

    @Test
    void strictMakesAnUnservedStepTypeAnErrorThatFailsTheValidation() throws Exception {
        CliRun text = CliRun.of("validate", "--strict", "src/test/resources/install/unknown-type");
        CliRun json = CliRun.of("validate", "--strict", "--json", "src/test/resources/install/unknown-type");

        assertEquals(1, text.exitCode(), text.out());
        assertTrue(text.out().contains("FAIL  Root 1.0.0"), text.out());
        assertTrue(text.out().contains("step 1 RunCobol): error: no loaded plugin serves step type"), text.out());
        assertEquals(1, json.exitCode());
        JsonNode problem = new ObjectMapper().readTree(json.out()).get("packages").get(0).get("problems").get(0);
        assertEquals("error", problem.get("severity").asText());
        assertEquals(6, problem.get("line").asInt());
        assertEquals("RunCobol", problem.get("stepType").asText());
    }

    @Test
    void aMissingPathIsBadUsage() {
        CliRun run = CliRun.of("validate", "no/such/folder");

        assertEquals(2, run.exitCode());
        assertTrue(run.err().contains("no such file or folder: no/such/folder"), run.err());
    }

    @Test
    void noArgumentsIsBadUsage() {
        assertEquals(2, CliRun.of("validate").exitCode());
        assertEquals(2, CliRun.of("frobnicate").exitCode());
    }

    @Test
    void aFolderWithoutPackagesIsAnError() {
        CliRun run = CliRun.of("validate", "src/main/resources");

        assertEquals(1, run.exitCode());
        assertTrue(run.out().contains("error: no packages found"), run.out());
    }
}
