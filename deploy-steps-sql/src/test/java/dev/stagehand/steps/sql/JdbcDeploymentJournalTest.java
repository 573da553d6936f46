package dev.stagehand.steps.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.result.InstallOptions;
import dev.stagehand.steps.sql.journal.JdbcDeploymentJournal;
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
            try (JdbcDeploymentJournal journal = open(db)) {
                first = Stagehand.configure().sources(Deployments.fixture("runsql")).parameters(target.parameters("Online"))
                        .stateDirectory(state).journal(journal).load().install(RootRequest.parse("Db"), InstallOptions.DEFAULTS);
            }
            assertTrue(first.succeeded(), first.problems()::toString);

            try (JdbcDeploymentJournal reopened = open(db)) {
                Stagehand stagehand = Stagehand.configure().sources(Deployments.fixture("runsql"))
                        .parameters(target.parameters("Online")).stateDirectory(state).journal(reopened).load();
                DeploymentResult second = stagehand.install(RootRequest.parse("Db"), InstallOptions.DEFAULTS);

                assertTrue(second.plan().nothingToDo());
                assertEquals(List.of("Db@1.0.0"), reopened.installedPackages().stream()
                        .map(p -> p.packageId() + "@" + p.version()).toList());
                List<DeploymentRecord> deployments = reopened.deployments();
                assertEquals(2, deployments.size());
                assertEquals(first.deploymentId(), deployments.get(1).id());
                assertEquals(DeploymentRecord.Outcome.SUCCEEDED, deployments.get(1).outcome());
                assertTrue(deployments.get(1).finished() != null);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void stepRecordsKeepTheirChangesUntilThePackageIsInstalled(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind); JdbcDeploymentJournal journal = open(db)) {
            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            List<ChangeRecord> changes = List.of(new ChangeRecord("patch", "Online/P-001", "sha256:ab\tc"),
                    ChangeRecord.file("bin/app\nname.dll", "ff"));
            journal.stepCompleted(new StepRecord("App", "1.0.0", 2, "RunSql", PipelineStage.EXECUTE, "local", at, "d1", changes));

            assertTrue(journal.isStepCompleted("app", "1.0.0", 2, PipelineStage.EXECUTE, "local"));
            assertFalse(journal.isStepCompleted("App", "1.0.0", 2, PipelineStage.COMPLETE, "local"));
            assertFalse(journal.isStepCompleted("App", "1.0.0", 2, PipelineStage.EXECUTE, "ssh://app2"));
            assertFalse(journal.isStepCompleted("App", "1.1.0", 2, PipelineStage.EXECUTE, "local"));
            StepRecord kept = journal.pendingSteps("App", "1.0.0").get(0);
            assertEquals(changes, kept.changes());
            assertEquals(at, kept.completedAt());

            journal.packageInstalled(new InstalledPackage("App", "1.0.0", at, "d1"));

            assertFalse(journal.isStepCompleted("App", "1.0.0", 2, PipelineStage.EXECUTE, "local"));
            assertEquals(List.of(new InstalledPackage("App", "1.0.0", at, "d1")), journal.installedPackages());
            journal.packageInstalled(new InstalledPackage("app", "1.1.0", at, "d2"));
            assertEquals(List.of("app@1.1.0"), journal.installedPackages().stream()
                    .map(p -> p.packageId() + "@" + p.version()).toList());
        }
    }
}
