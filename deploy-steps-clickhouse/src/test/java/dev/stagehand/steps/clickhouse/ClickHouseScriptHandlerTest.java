package dev.stagehand.steps.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ClickHouseScriptHandlerTest {

    private TestClickHouse server;

    @BeforeEach
    void server() {
        server = TestClickHouse.create();
    }

    @AfterEach
    void dropDatabases() throws Exception {
        server.close();
    }

    private static final String STEP = "<step type=\"Generic\" scriptHandler=\"ClickHouse\" onExecute=\"scripts/seed.sql\""
            + " targetDatabase=\"$SYSTEM_NAMEODS\" patchId=\"G-SEED\" patchDescription=\"seeds the settings\""
            + " replaceTokens=\"true\" />";
    private static final String SEED = "CREATE TABLE IF NOT EXISTS T_Setting (Name String, Value String) ENGINE = TinyLog;\n"
            + "INSERT INTO T_Setting VALUES ('system', '$(Product.SystemName)');\n";

    @Test
    void aGenericStepRunsItsScriptOnTheDatabaseWithTokensAndAPatchIdOnce() throws Exception {
        String database = server.createDatabase("ODS");
        for (int deployment = 1; deployment <= 2; deployment++) {
            try (StepHarness harness = StepHarness.forStep(STEP).variables(server.parameters())
                    .file("scripts/seed.sql", SEED)) {
                HarnessResult result = harness.run();

                assertTrue(result.succeeded(), result::report);
            }
        }
        assertEquals(List.of("system|" + server.system), server.rows("SELECT Name, Value FROM " + database + ".T_Setting"),
                "the patch ran once, with its token replaced");
        assertEquals(List.of("G-SEED|seeds the settings"),
                server.rows("SELECT PatchId, Description FROM " + database + ".T_DatabasePatches"));
    }

    @Test
    void itsValidateChecksTheDatabaseBeforeAnythingRuns() throws Exception {
        try (StepHarness harness = StepHarness.forStep(STEP).variables(server.parameters())
                .file("scripts/seed.sql", SEED)) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertTrue(result.errors().stream().anyMatch(p -> p.toString().contains("step 1 Generic")
                    && p.message().contains("the database " + server.system + "ODS does not exist")), result::report);
        }
    }

    @Test
    void aSqlScriptIsNotTakenForClickHouseWithoutTheHandlerNamed() {
        assertEquals(java.util.Set.of(), new ClickHouseScriptHandler().extensions());
        assertEquals(java.util.Set.of("ClickHouse"), new ClickHouseScriptHandler().names());
    }
}
