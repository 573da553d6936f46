package dev.stagehand.steps.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.DeploymentOutcome;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.testkit.StepHarness;
import dev.stagehand.steps.sql.journal.JdbcDeploymentJournal;
import dev.stagehand.testkit.TestDatabase;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class JdbcDeploymentJournalTest {

    @TempDir
    Path state;

    private static JdbcDeploymentJournal open(TestDatabase db) {
        return JdbcDeploymentJournal.open(db.url, db.user, db.password);
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aDeploymentIsKeptInTheDatabaseSoThatTheNextOneHasNothingToDo(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); TestDatabase target = TestDatabase.create(kind)) {
            DeploymentResult first;
            try (JdbcDeploymentJournal journal = open(db);
                 StepHarness harness = StepHarness.forSource(Deployments.fixture("runsql"), "Db")
                         .variables(target.parameters("Online")).configure(c -> c.journal(journal))) {
                first = harness.run().result();
            }
            assertTrue(first.succeeded(), first.problems()::toString);

            try (JdbcDeploymentJournal reopened = open(db);
                 StepHarness harness = StepHarness.forSource(Deployments.fixture("runsql"), "Db")
                         .variables(target.parameters("Online")).configure(c -> c.journal(reopened))) {
                DeploymentResult second = harness.run().result();

                assertTrue(second.plan().nothingToDo());
                assertEquals(List.of("Db@1.0.0"), reopened.installedPackages().stream()
                        .map(p -> p.packageId() + "@" + p.version()).toList());
                List<DeploymentRecord> deployments = reopened.deployments();
                assertEquals(2, deployments.size());
                assertEquals(first.deploymentId(), deployments.get(1).id());
                assertEquals(DeploymentOutcome.SUCCEEDED, deployments.get(1).outcome());
                assertTrue(deployments.get(1).finished() != null);
                assertEquals(java.util.Set.of("patch", ChangeRecord.IRREVERSIBLE), reopened.recordedChanges("Db")
                        .stream().flatMap(r -> r.changes().stream()).map(ChangeRecord::kind)
                        .collect(java.util.stream.Collectors.toSet()),
                        "the changes of the installed version are kept, with the mark that a patch cannot be undone");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void anInstalledPackageKeepsItsDependenciesAndAnUninstallRemovesItAndItsRecords(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); JdbcDeploymentJournal journal = open(db)) {
            java.time.Instant at = java.time.Instant.parse("2026-01-01T00:00:00Z");
            journal.stepCompleted(new StepRecord("App", "1.0.0", 1, "DeployFiles", dev.stagehand.api.PipelineStage.EXECUTE,
                    "local", at, "d1", List.of(ChangeRecord.file("app.dll", "ab")), "f-1"));
            journal.packageInstalled(new InstalledPackage("App", "1.0.0", at, "d1", List.of("lib", "base")));
            journal.stepCompleted(new StepRecord("Other", "1.0.0", 1, "DeployFiles",
                    dev.stagehand.api.PipelineStage.EXECUTE, "local", at, "d2", List.of(), "f-2"));

            assertEquals(List.of("lib", "base"), open(db).installed("App").orElseThrow().dependencies());
            journal.stepsUndone("d2");
            assertTrue(journal.completedStep("Other", "1.0.0", 1, dev.stagehand.api.PipelineStage.EXECUTE, "local")
                    .isEmpty(), "an undone run's steps run again");
            journal.packageRemoved("App", null);

            assertEquals(List.of(), journal.installedPackages());
            assertEquals(List.of(), journal.recordedChanges("App"));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void stepRecordsKeepTheirChangesAndFingerprintsAndTheChangesOutliveTheInstall(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); JdbcDeploymentJournal journal = open(db)) {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<ChangeRecord> changes = List.of(new ChangeRecord("patch", "Online/P-001", "sha256:ab\tc"),
                    ChangeRecord.file("bin/app\nname.dll", "ff"));
            journal.stepCompleted(new StepRecord("App", "1.0.0", 2, "RunSql", PipelineStage.EXECUTE, "local", at, "d1",
                    changes, "f-1"));
            journal.stepCompleted(new StepRecord("App", "1.0.0", 3, "Record", PipelineStage.EXECUTE, "local", at, "d1",
                    List.of(), "f-2"));

            assertEquals("f-1", journal.completedStep("app", "1.0.0", 2, PipelineStage.EXECUTE, "local")
                    .orElseThrow().fingerprint());
            assertFalse(journal.completedStep("App", "1.0.0", 2, PipelineStage.COMPLETE, "local").isPresent());
            assertFalse(journal.completedStep("App", "1.0.0", 2, PipelineStage.EXECUTE, "ssh://app2").isPresent());
            assertFalse(journal.completedStep("App", "1.1.0", 2, PipelineStage.EXECUTE, "local").isPresent());
            StepRecord kept = journal.pendingSteps("App", "1.0.0").get(0);
            assertEquals(changes, kept.changes());
            assertEquals(at, kept.completedAt());

            journal.packageInstalled(new InstalledPackage("App", "1.0.0", at, "d1"));

            assertFalse(journal.completedStep("App", "1.0.0", 2, PipelineStage.EXECUTE, "local").isPresent());
            assertEquals(List.of(new InstalledPackage("App", "1.0.0", at, "d1")), journal.installedPackages());
            List<StepRecord> recorded = journal.recordedChanges("App");
            assertEquals(1, recorded.size(), "only the steps that changed something are kept");
            assertEquals(changes, recorded.get(0).changes());
            journal.packageInstalled(new InstalledPackage("app", "1.1.0", at, "d2"));
            assertEquals(List.of("app@1.1.0"), journal.installedPackages().stream()
                    .map(p -> p.packageId() + "@" + p.version()).toList());
            assertEquals(1, journal.recordedChanges("App").size(), "the version before the installed one keeps its");
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aStepsTableOfAnEarlierVersionGetsTheColumnsAddedSince(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.execute("CREATE TABLE T_StagehandSteps (PackageKey VARCHAR(255) NOT NULL, PackageId VARCHAR(255) NOT NULL,"
                    + " Version VARCHAR(100) NOT NULL, StepIndex INT NOT NULL, StepType VARCHAR(255), Stage VARCHAR(20)"
                    + " NOT NULL, CompletedAt TIMESTAMP NOT NULL, DeploymentId VARCHAR(100), Changes VARCHAR(4000))",
                    "INSERT INTO T_StagehandSteps VALUES ('app', 'App', '1.0.0', 1, 'RunSql', 'EXECUTE',"
                            + " CURRENT_TIMESTAMP, 'd0', NULL)");

            try (JdbcDeploymentJournal journal = open(db)) {
                StepRecord old = journal.completedStep("App", "1.0.0", 1, PipelineStage.EXECUTE, "local").orElseThrow();

                assertEquals("d0", old.deploymentId());
                assertNull(old.fingerprint(), "a record from before fingerprints has none: its step runs again");
            }
        }
    }
}
