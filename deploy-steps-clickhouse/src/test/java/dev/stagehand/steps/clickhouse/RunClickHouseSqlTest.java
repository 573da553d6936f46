package dev.stagehand.steps.clickhouse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.Problem;
import dev.stagehand.testkit.HarnessResult;
import dev.stagehand.testkit.StepHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RunClickHouseSqlTest {

    private TestClickHouse server;

    @BeforeEach
    void server() {
        server = TestClickHouse.create();
    }

    @AfterEach
    void dropDatabases() throws Exception {
        server.close();
    }

    private StepHarness harness(String step) {
        return StepHarness.forStep(step).variables(server.parameters());
    }

    @ParameterizedTest
    @CsvSource({
            "$SYSTEM_NAME,     '',     RunClickHouseSql",
            "$SYSTEM_NAMECDM,  CDM,    RunClickhouseSql",
            "$SYSTEM_NAMEODS,  ODS,    RunClickHouseSql",
            "$SYSTEM_NAMEDWH,  DWH,    RunClickhouseSql"})
    void eachDatabaseNameFormRunsTheScriptsInItsDatabaseInNameOrder(String target, String suffix, String type)
            throws Exception {
        String database = server.createDatabase(suffix);
        try (StepHarness harness = harness("<step type=\"" + type + "\" contentPath=\"ClickHouse/*.sql\" targetDatabase=\""
                + target + "\" />")
                .file("ClickHouse/002-rows.sql", "INSERT INTO T_Item (Id, Name) VALUES (1, 'semi; colon'), (2, 'it''s');\n"
                        + "INSERT INTO T_Item (Id, Name) VALUES (3, 'back\\\\slash');\n")
                .file("ClickHouse/001-table.sql", "-- the table; first\nCREATE TABLE T_Item (Id UInt32, Name String)"
                        + " ENGINE = MergeTree ORDER BY Id;\n")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(List.of("1|semi; colon", "2|it's", "3|back\\slash"),
                    server.rows("SELECT Id, Name FROM " + database + ".T_Item ORDER BY Id"));
            assertEquals("3 statements run on " + database, result.step().message());
        }
    }

    @Test
    void aLiteralDatabaseNameIsAcceptedToo() throws Exception {
        String database = server.createDatabase("_Literal");
        try (StepHarness harness = harness("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\" targetDatabase=\""
                + database + "\" />").file("a.sql", "CREATE TABLE T_A (Id UInt8) ENGINE = TinyLog")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertTrue(server.tableExists(database, "T_A"));
        }
    }

    @Test
    void theServerMayBeGivenByServerAndPortInsteadOfAUrl() throws Exception {
        String database = server.createDatabase("");
        java.net.URI url = java.net.URI.create(server.url);
        try (StepHarness harness = harness("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\""
                + " targetDatabase=\"$SYSTEM_NAME\" />").variable("Product.ClickHouse.Url", "")
                .variable("Product.ClickHouse.Server", url.getHost())
                .variable("Product.ClickHouse.Port", String.valueOf(url.getPort()))
                .file("a.sql", "CREATE TABLE T_Parts (Id UInt8) ENGINE = TinyLog")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertTrue(server.tableExists(database, "T_Parts"));
        }
    }

    @ParameterizedTest
    @CsvSource({"SELECT 1, true", "SELECT 'true', true", "SELECT 0, false", "SELECT 1 WHERE 0, false"})
    void theConditionDecidesWhetherTheScriptRunsAndThePatchIsRecordedEitherWay(String condition, boolean holds)
            throws Exception {
        String database = server.createDatabase("ODS");
        server.query("CREATE TABLE " + database + ".T_Runs (Note String) ENGINE = TinyLog");
        try (StepHarness harness = harness("<step type=\"RunClickHouseSql\" contentPath=\"run.sql\""
                + " conditionPath=\"condition.sql\" targetDatabase=\"$SYSTEM_NAMEODS\" patchId=\"CH-COND\""
                + " patchDescription=\"runs on condition\" />")
                .file("run.sql", "INSERT INTO T_Runs VALUES ('ran')")
                .file("condition.sql", "-- does it hold?\n" + condition + ";\n")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(holds ? List.of("ran") : List.of(), server.rows("SELECT Note FROM " + database + ".T_Runs"));
            assertEquals(List.of("CH-COND|runs on condition"),
                    server.rows("SELECT PatchId, Description FROM " + database + ".T_DatabasePatches"));
        }
    }

    @Test
    void anAppliedPatchIsSkippedOnAReRunWhoseStateFolderIsLost() throws Exception {
        String database = server.createDatabase("");
        server.query("CREATE TABLE " + database + ".T_Runs (Note String) ENGINE = TinyLog");
        String step = "<step type=\"RunClickHouseSql\" contentPath=\"run.sql\" targetDatabase=\"$SYSTEM_NAME\""
                + " patchId=\"CH-ONCE\" />";
        for (int deployment = 1; deployment <= 2; deployment++) {
            // A new harness each time: a fresh journal and state folder, as on a machine that lost them.
            try (StepHarness harness = harness(step).file("run.sql", "INSERT INTO T_Runs VALUES ('ran')")) {
                HarnessResult result = harness.run();

                assertTrue(result.succeeded(), result::report);
                if (deployment == 2) {
                    assertEquals("patch CH-ONCE is applied to " + database + " already", result.step().message());
                }
            }
        }
        assertEquals(List.of("ran"), server.rows("SELECT Note FROM " + database + ".T_Runs"));
        assertEquals(List.of("CH-ONCE"), server.rows("SELECT PatchId FROM " + database + ".T_DatabasePatches"));
    }

    @Test
    void replaceTokensPutsTheValuesInTheScriptAndTheCondition() throws Exception {
        String database = server.createDatabase("DWH");
        try (StepHarness harness = harness("<step type=\"RunClickHouseSql\" contentPath=\"settings.sql\""
                + " conditionPath=\"condition.sql\" targetDatabase=\"$SYSTEM_NAMEDWH\" replaceTokens=\"true\" />")
                .variable("Product.Site", "Porto")
                .file("condition.sql", "SELECT '$(Product.Site)' = 'Porto'")
                .file("settings.sql", "CREATE TABLE T_Setting (Name String, Value String) ENGINE = TinyLog;\n"
                        + "INSERT INTO T_Setting VALUES ('site', '$(Product.Site)'), ('system', '$(Product.SystemName)');")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(List.of("site|Porto", "system|" + server.system),
                    server.rows("SELECT Name, Value FROM " + database + ".T_Setting"));
        }
    }

    @Test
    void anUndefinedTokenStopsTheDeploymentInValidate() throws Exception {
        String database = server.createDatabase("");
        try (StepHarness harness = harness("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\""
                + " targetDatabase=\"$SYSTEM_NAME\" replaceTokens=\"true\" />")
                .file("a.sql", "CREATE TABLE T_A (Id UInt8) ENGINE = TinyLog;\nSELECT '$(Product.Nowhere)'")) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertTrue(result.errors().stream().anyMatch(p -> p.message().equals(
                    "variable $(Product.Nowhere) used in a.sql is not set (replaceTokens is on)")), result::report);
            assertFalse(server.tableExists(database, "T_A"), "nothing ran");
        }
    }

    @Test
    void aFailedStatementIsReportedWithFileNumberLineAndServerMessageAndRetriedOnReRun() throws Exception {
        String database = server.createDatabase("ODS");
        try (StepHarness harness = harness("<step type=\"RunClickHouseSql\" contentPath=\"patch.sql\""
                + " targetDatabase=\"$SYSTEM_NAMEODS\" patchId=\"CH-FAILS\" />")
                .file("patch.sql", "CREATE TABLE IF NOT EXISTS T_Kept (Id UInt8) ENGINE = TinyLog;\n"
                        + "INSERT INTO T_Kept VALUES (1);\n"
                        + "\n"
                        + "/* the table this needs\n   is made by hand */\n"
                        + "INSERT INTO T_Missing VALUES (2);\n")) {
            HarnessResult failed = harness.run();

            assertFalse(failed.succeeded());
            List<Problem> errors = failed.errors();
            assertEquals(1, errors.size(), failed::report);
            String message = errors.get(0).toString();
            assertTrue(message.contains("step 1 RunClickHouseSql"), message);
            assertTrue(message.contains("patch.sql:6: statement 3 failed: Code: 60"), message);
            assertTrue(message.contains("T_Missing"), message);
            assertTrue(message.contains("statements before were not rolled back (ClickHouse has no transactions):"
                    + " 2 statements of this step ran before it"), message);
            assertEquals(List.of("1"), server.rows("SELECT Id FROM " + database + ".T_Kept"), "no rollback");
            assertEquals(List.of(), server.rows("SELECT PatchId FROM " + database + ".T_DatabasePatches"),
                    "a failed patch is not recorded");

            server.query("CREATE TABLE " + database + ".T_Missing (Id UInt8) ENGINE = TinyLog");
            server.query("TRUNCATE TABLE " + database + ".T_Kept");
            HarnessResult again = harness.run();

            assertTrue(again.succeeded(), again::report);
            assertEquals(List.of("2"), server.rows("SELECT Id FROM " + database + ".T_Missing"));
            assertEquals(List.of("CH-FAILS"), server.rows("SELECT PatchId FROM " + database + ".T_DatabasePatches"));
        }
    }

    @Test
    void aScriptThatRecordsItsOwnPatchIdKeepsItsRow() throws Exception {
        String database = server.createDatabase("CDM");
        try (StepHarness harness = harness("<step type=\"RunClickHouseSql\" contentPath=\"own.sql\""
                + " targetDatabase=\"$SYSTEM_NAMECDM\" patchId=\"CH-OWN\" patchDescription=\"by the step\" />")
                .file("own.sql", "CREATE TABLE T_Own (Id UInt8) ENGINE = TinyLog;\n"
                        + "INSERT INTO T_DatabasePatches (PatchId, Description) VALUES ('CH-OWN', 'by the script');\n")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(List.of("CH-OWN|by the script"),
                    server.rows("SELECT PatchId, Description FROM " + database + ".T_DatabasePatches"));
        }
    }

    @Test
    void theTablesOfPatchesUseAnEngineEveryReleaseHas() throws Exception {
        String database = server.createDatabase("");
        try (StepHarness harness = harness("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\""
                + " targetDatabase=\"$SYSTEM_NAME\" patchId=\"CH-1\" />").file("a.sql", "SELECT 1")) {
            assertTrue(harness.run().succeeded());
        }
        assertEquals(List.of("ReplacingMergeTree"), server.rows("SELECT engine FROM system.tables WHERE database = '"
                + database + "' AND name = 'T_DatabasePatches'"));
    }

    @Test
    void thePreparationNoticeNamesTheDatabaseAndThePatch() throws Exception {
        server.createDatabase("ODS");
        try (StepHarness harness = harness("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\""
                + " targetDatabase=\"$SYSTEM_NAMEODS\" patchId=\"CH-7\" />").file("a.sql", "SELECT 1").dryRun()) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            String notice = String.join("\n", result.result().plan().notice());
            assertTrue(notice.contains("database ClickHouse/" + server.system + "ODS"), notice);
            assertTrue(notice.contains("patch ClickHouse/" + server.system + "ODS/CH-7"), notice);
        }
    }

    @Test
    void aMissingDatabaseIsAValidationProblemUnlessAnEarlierStepCreatesIt() throws Exception {
        try (StepHarness harness = harness("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\""
                + " targetDatabase=\"$SYSTEM_NAMEODS\" />").file("a.sql", "CREATE TABLE T_A (Id UInt8) ENGINE = TinyLog")) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertTrue(result.errors().stream().anyMatch(p -> p.message().startsWith("targetDatabase $SYSTEM_NAMEODS:"
                    + " the database " + server.system + "ODS does not exist on ClickHouse at " + server.url)
                    && p.message().endsWith("and no earlier step of the plan creates it")), result::report);
        }
        try (StepHarness harness = harness("<step type=\"RunClickHouseSql\" contentPath=\"none.sql\""
                + " targetDatabase=\"$SYSTEM_NAMEODS\" createDatabase=\"true\" />\n"
                + "    <step type=\"RunClickHouseSql\" contentPath=\"a.sql\" targetDatabase=\"$SYSTEM_NAMEODS\" />")
                .file("none.sql", "-- nothing but the database\n")
                .file("a.sql", "CREATE TABLE T_A (Id UInt8) ENGINE = TinyLog")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertTrue(server.tableExists(server.system + "ODS", "T_A"));
        }
    }

    @Test
    void aMissingSystemNameIsAValidationProblemNamingTheVariable() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"RunClickHouseSql\" contentPath=\"a.sql\""
                + " targetDatabase=\"$SYSTEM_NAMEDWH\" />").variables(server.parameters())
                .variable("Product.SystemName", "").file("a.sql", "SELECT 1")) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertTrue(result.errors().stream().anyMatch(p -> p.message().equals("targetDatabase $SYSTEM_NAMEDWH uses"
                    + " the system's name, but the variable Product.SystemName is not set")), result::report);
        }
    }
}
