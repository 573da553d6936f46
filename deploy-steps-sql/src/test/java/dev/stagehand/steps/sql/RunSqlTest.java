package dev.stagehand.steps.sql;

import static dev.stagehand.steps.sql.Deployments.errors;
import static dev.stagehand.steps.sql.Deployments.install;
import static dev.stagehand.steps.sql.Deployments.warnings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.steps.sql.script.SqlScript;
import dev.stagehand.testkit.TestDatabase;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class RunSqlTest {

    private static Map<String, String> online(TestDatabase db) {
        return db.parameters("Online");
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void scriptsRunInNameOrderAndQuotedSemicolonsStayInTheirStatement(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            int sessions = kind == TestDatabase.Kind.H2 ? db.openSessions() : 0;
            DeploymentResult result = install("runsql", "Db", online(db));

            assertTrue(result.succeeded(), result.problems()::toString);
            assertEquals(List.of("1|O'Brien; Ltd", "2|Semi;colon \"quoted\"", "3|Line\nbreak"),
                    db.rows("SELECT Id, Name FROM T_Customer ORDER BY Id"));
            if (kind == TestDatabase.Kind.H2) {
                assertEquals(sessions, db.openSessions(), "the deployment's connections are closed when it ends");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aPatchRunsOnceAndIsRecordedWithItsChecksum(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.execute("CREATE TABLE T_Customer (Id INT PRIMARY KEY, Name VARCHAR(100))",
                    "CREATE TABLE T_Counter (Id INT PRIMARY KEY)");
            Map<String, String> parameters = new HashMap<>(online(db));
            parameters.put("Deployment.User", "deployer");

            assertTrue(install("runsql-again", "Db", parameters).succeeded());
            DeploymentResult second = install("runsql-again", "Db", parameters);

            assertTrue(second.succeeded(), second.problems()::toString);
            assertEquals(List.of("1"), db.rows("SELECT Id FROM T_Counter"));
            String checksum = SqlScript.checksum(Files.readString(
                    Deployments.fixture("runsql-again/Db.1.0.0/Patches/counter.sql")));
            List<String> row = db.rows("SELECT PatchId, Description, Checksum, Success FROM T_DatabasePatches");
            assertEquals(1, row.size());
            assertTrue(row.get(0).matches("P-001\\|counts its runs\\|" + checksum + "\\|(t|true|TRUE|1)"), row::toString);
            assertTrue(db.rows("SELECT AppliedBy FROM T_DatabasePatches").get(0).startsWith("deployer (deployment "));
            assertEquals(List.of(), warnings(second));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aPatchDescriptionThatUsesASecretIsStoredMasked(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            Map<String, String> parameters = new HashMap<>(online(db));
            parameters.put("Product.Service.Password", "k3y-V4lue");

            DeploymentResult result = install("secret-description", "Db", parameters);

            assertTrue(result.succeeded(), result.problems()::toString);
            assertEquals(List.of("P-KEY|sets the service key to ******"),
                    db.rows("SELECT PatchId, Description FROM T_DatabasePatches"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aPatchWhoseScriptChangedIsReportedAndNotRunAgain(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertTrue(install("runsql", "Db", online(db)).succeeded());

            DeploymentResult changed = install("changed", "Db", online(db));

            assertTrue(changed.succeeded(), changed.problems()::toString);
            assertEquals(List.of("1"), db.rows("SELECT Id FROM T_Counter"));
            List<String> warnings = warnings(changed);
            assertEquals(1, warnings.size(), warnings::toString);
            assertTrue(warnings.get(0).contains("step 1 RunSql") && warnings.get(0).contains(
                    "patch P-001 was applied to Online at ") && warnings.get(0).contains("has changed since"), warnings::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void inStrictModeAChangedPatchStopsTheDeploymentInValidate(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertTrue(install("runsql", "Db", online(db)).succeeded());
            Map<String, String> strict = new HashMap<>(online(db));
            strict.put("Product.Database.StrictPatches", "true");

            DeploymentResult changed = install("changed", "Db", strict);

            assertFalse(changed.succeeded());
            assertTrue(errors(changed).stream().anyMatch(e -> e.contains("step 1 RunSql")
                    && e.contains("patch P-001 was applied") && e.contains("give the change a new patchId")),
                    errors(changed)::toString);
            assertEquals(List.of("1"), db.rows("SELECT Id FROM T_Counter"));
            assertTrue(changed.packages().stream().allMatch(p -> p.status() == dev.stagehand.api.Status.NOT_RUN),
                    "nothing runs when Validate finds the changed patch: " + changed.packages());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void lineEndingsAndTrailingBlanksAreNotAChangeToAPatch(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            assertTrue(install("runsql", "Db", online(db)).succeeded());

            DeploymentResult reformatted = install("reformatted", "Db", online(db));

            assertTrue(reformatted.succeeded(), reformatted.problems()::toString);
            assertEquals(List.of(), warnings(reformatted));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aFailingStatementReportsFileLineAndTheDatabasesMessageAndRollsBackItsScript(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DeploymentResult result = install("failing", "Db", online(db));

            assertFalse(result.succeeded());
            List<String> errors = errors(result);
            assertEquals(1, errors.size(), errors::toString);
            assertTrue(errors.get(0).contains("(package Db@1.0.0, step 1 RunSql)"), errors::toString);
            assertTrue(errors.get(0).contains("Online/001-bad.sql:5: "), errors::toString);
            assertTrue(errors.get(0).toLowerCase().contains("t_missing_table"), errors::toString);
            if (kind == TestDatabase.Kind.POSTGRES) {
                assertFalse(db.tableExists("T_Kept"), "PostgreSQL rolls back the whole script");
            } else {
                assertEquals(List.of(), db.rows("SELECT Id FROM T_Kept"), "H2 keeps the DDL but rolls back the rows");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aFailedPatchIsRecordedAsFailedAndRunsAgainNextTime(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DeploymentResult failed = install("patch-fails", "Db", online(db));

            assertFalse(failed.succeeded());
            assertTrue(errors(failed).get(0).contains("Patches/broken.sql:3: "), errors(failed)::toString);
            assertEquals(1, db.rows("SELECT PatchId FROM T_DatabasePatches WHERE PatchId = 'P-BROKEN' AND Success = "
                    + (kind == TestDatabase.Kind.POSTGRES ? "false" : "FALSE")).size());
            if (kind == TestDatabase.Kind.POSTGRES) {
                assertFalse(db.tableExists("T_Half"), "the patch and its DDL are one transaction");
            }

            db.execute(kind == TestDatabase.Kind.POSTGRES ? "SELECT 1" : "DROP TABLE T_Half");
            DeploymentResult again = install("patch-fails", "Db", online(db));
            assertFalse(again.succeeded(), "the failed patch is tried again");
            assertTrue(errors(again).get(0).contains("Patches/broken.sql:3: "), errors(again)::toString);
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void twoConcurrentDeploymentsApplyAPatchOnce(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.execute("CREATE TABLE T_Runs (Note VARCHAR(20))");
            int deployments = 4;
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(deployments);
            try {
                List<Future<DeploymentResult>> results = new ArrayList<>();
                for (int i = 0; i < deployments; i++) {
                    results.add(pool.submit(() -> {
                        start.await();
                        return install("concurrent", "Db", online(db));
                    }));
                }
                start.countDown();
                for (Future<DeploymentResult> result : results) {
                    assertTrue(result.get().succeeded(), () -> result.toString());
                }
            } finally {
                pool.shutdown();
            }
            assertEquals(List.of("applied"), db.rows("SELECT Note FROM T_Runs"));
            assertEquals(List.of("ONCE"), db.rows("SELECT PatchId FROM T_DatabasePatches"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void replaceTokensPutsTheValuesInTheScriptAndAnUndefinedOneStopsTheDeploymentInValidate(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            DeploymentResult undefined = install("tokens", "Db", online(db));

            assertFalse(undefined.succeeded());
            assertTrue(errors(undefined).stream().anyMatch(e -> e.contains("step 1 RunSql") && e.contains(
                    "variable $(Product.SystemName) used in Online/001-settings.sql is not set")), errors(undefined)::toString);
            assertFalse(db.tableExists("T_Setting"), "nothing was run");

            Map<String, String> parameters = new HashMap<>(online(db));
            parameters.put("Product.SystemName", "MES");
            DeploymentResult result = install("tokens", "Db", parameters);

            assertTrue(result.succeeded(), result.problems()::toString);
            assertEquals(List.of("system|MES"), db.rows("SELECT Name, SettingValue FROM T_Setting"));
        }
    }
}
