package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransformCommandTest {

    private static final String SEED = "../samples/source/Cmf.Sample.Web.2.0.0/";
    private static final String PARAMETERS = "../samples/parameters.json";
    private static final String FILES = "../deploy-core/src/test/resources/transform/files/";

    @TempDir
    Path dir;

    @Test
    void seedConfigJsonIsPrintedWithItsPortFromTheParameters() throws Exception {
        CliRun run = CliRun.of("transform", SEED + "www/config.json", SEED + "config.json", "--parameters", PARAMETERS);

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(Path.of(FILES + "seed-json/expected.json")) + "\n", run.out());
        assertEquals("", run.err());
    }

    @Test
    void webConfigIsTransformedWithXdt() throws Exception {
        Path parameters = Path.of(FILES + "web-config/parameters.json");

        CliRun run = CliRun.of("transform", FILES + "web-config/Web.config", FILES + "web-config/Web.Release.config",
                "--parameters", parameters.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(Path.of(FILES + "web-config/expected.config")), run.out());
    }

    @Test
    void outWritesTheFileAndPrintsNothing() throws Exception {
        Path out = dir.resolve("config.json");

        CliRun run = CliRun.of("transform", SEED + "www/config.json", SEED + "config.json", "--parameters", PARAMETERS,
                "--out", out.toString());

        assertEquals(0, run.exitCode(), run.err());
        assertEquals("", run.out());
        assertEquals(Files.readString(Path.of(FILES + "seed-json/expected.json")), Files.readString(out));
    }

    @Test
    void warningsGoToStandardErrorWithTheirLocation() {
        CliRun run = CliRun.of("transform", FILES + "json-warning/appsettings.json", FILES + "json-warning/appsettings.Production.json");

        assertEquals(0, run.exitCode(), run.err());
        assertTrue(run.err().matches("(?s).*json-warning/appsettings\\.Production\\.json:\\d+:\\d+: warning: .*Missing.*"), run.err());
        assertTrue(run.out().contains("\"Logging\""), run.out());
    }

    @Test
    void jsonPrintsTheOutputAndTheWarnings() throws Exception {
        CliRun run = CliRun.of("transform", "--json", FILES + "json-warning/appsettings.json",
                FILES + "json-warning/appsettings.Production.json");

        assertEquals(0, run.exitCode(), run.err());
        JsonNode report = new ObjectMapper().readTree(run.out());
        assertEquals("{\n  \"Logging\": {\n    \"Level\": \"Debug\"\n  }\n}", report.get("output").asText());
        assertEquals(1, report.get("warnings").size());
        JsonNode warning = report.get("warnings").get(0);
        assertEquals("warning", warning.get("severity").asText());
        assertTrue(warning.get("file").asText().endsWith("appsettings.Production.json"), warning.toString());
        assertTrue(warning.get("line").asInt() > 0, warning.toString());
    }

    @Test
    void transformErrorExitsWithOneAndItsLocationOnStandardError() {
        CliRun run = CliRun.of("transform", FILES + "json-unknown-verb/appsettings.json",
                FILES + "json-unknown-verb/appsettings.Production.json");

        assertEquals(1, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().matches("(?s).*json-unknown-verb/appsettings\\.Production\\.json:3:\\d+: error: .*@jdt\\.delete.*"),
                run.err());
    }

    @Test
    void tokensWithoutAValueExitWithOneNamingThem() throws Exception {
        Path parameters = Path.of(FILES + "web-config/parameters.json");

        CliRun run = CliRun.of("transform", SEED + "www/config.json", SEED + "config.json", "--parameters", parameters.toString());

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("$(Product.Web.Port)"), run.err());
    }

    @Test
    void setGivesATokenTheParametersFileLacks() throws Exception {
        Path parameters = Path.of(FILES + "web-config/parameters.json");

        CliRun run = CliRun.of("transform", SEED + "www/config.json", SEED + "config.json", "--parameters",
                parameters.toString(), "--set", "Product.Web.Port=8080");

        assertEquals(0, run.exitCode(), run.err());
        assertEquals(Files.readString(Path.of(FILES + "seed-json/expected.json")) + "\n", run.out());
    }

    @Test
    void withoutParametersTokensAreLeftAndTheSeedTransformIsInvalidJson() {
        CliRun run = CliRun.of("transform", SEED + "www/config.json", SEED + "config.json");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains("config.json:4:"), run.err());
    }

    @Test
    void missingFilesAreBadUsage() {
        CliRun target = CliRun.of("transform", SEED + "www/missing.json", SEED + "config.json");
        CliRun transform = CliRun.of("transform", SEED + "www/config.json", SEED + "missing.json");
        CliRun parameters = CliRun.of("transform", SEED + "www/config.json", SEED + "config.json", "--parameters", "missing.json");

        assertEquals(2, target.exitCode());
        assertTrue(target.err().contains("no such target file"), target.err());
        assertEquals(2, transform.exitCode());
        assertTrue(transform.err().contains("no such transform file"), transform.err());
        assertEquals(2, parameters.exitCode());
        assertFalse(parameters.err().isEmpty());
        assertEquals(2, CliRun.of("transform", SEED + "www/config.json").exitCode(), "the transform file is required");
    }

    @Test
    void unsupportedExtensionExitsWithOneNamingTheSupportedOnes() {
        CliRun run = CliRun.of("transform", FILES + "unsupported/settings.yaml", FILES + "unsupported/settings.Production.yaml");

        assertEquals(1, run.exitCode());
        assertTrue(run.err().contains(".json (JDT), .xml and .config (XDT)"), run.err());
    }
}
