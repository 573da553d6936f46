package dev.stagehand.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileDeploymentJournalTest {

    @TempDir
    Path state;

    private static StepRecord step(String id, int index, PipelineStage stage) {
        return new StepRecord(id, "1.0.0", index, "DeployFiles", stage, "local", Instant.EPOCH, "d1",
                List.of(ChangeRecord.file("/opt/app/a.dll", "ab12")));
    }

    @Test
    void whatIsRecordedIsThereWhenTheJournalIsOpenedAgain() {
        FileDeploymentJournal journal = FileDeploymentJournal.open(state);
        journal.deploymentStarted(new DeploymentRecord("d1", "Root@1.0.0", "ann", Instant.EPOCH, null,
                DeploymentRecord.Outcome.RUNNING, ""));
        journal.stepCompleted(step("App", 1, PipelineStage.EXECUTE));
        journal.packageInstalled(new InstalledPackage("Lib", "2.0.0", Instant.EPOCH, "d1"));

        FileDeploymentJournal reopened = FileDeploymentJournal.open(state);

        assertTrue(reopened.isStepCompleted("app", "1.0.0", 1, PipelineStage.EXECUTE, "local"));
        assertFalse(reopened.isStepCompleted("App", "1.0.0", 1, PipelineStage.COMPLETE, "local"));
        assertEquals("2.0.0", reopened.installed("LIB").orElseThrow().version());
        assertEquals(DeploymentRecord.Outcome.RUNNING, reopened.deployments().get(0).outcome());
    }

    @Test
    void aStepLineCutShortByACrashIsIgnored() throws Exception {
        FileDeploymentJournal journal = FileDeploymentJournal.open(state);
        journal.stepCompleted(step("App", 1, PipelineStage.EXECUTE));
        Files.writeString(state.resolve("steps.jsonl"), "{\"packageId\":\"App\",\"vers", StandardOpenOption.APPEND);

        FileDeploymentJournal reopened = FileDeploymentJournal.open(state);

        assertTrue(reopened.isStepCompleted("App", "1.0.0", 1, PipelineStage.EXECUTE, "local"));
    }

    @Test
    void theStepLinesOfInstalledVersionsAreDroppedWhenTheDeploymentFinishes() throws Exception {
        FileDeploymentJournal journal = FileDeploymentJournal.open(state);
        DeploymentRecord running = new DeploymentRecord("d1", "Root@1.0.0", "ann", Instant.EPOCH, null,
                DeploymentRecord.Outcome.RUNNING, "");
        journal.deploymentStarted(running);
        journal.stepCompleted(step("App", 1, PipelineStage.EXECUTE));
        journal.stepCompleted(step("Other", 1, PipelineStage.EXECUTE));
        journal.packageInstalled(new InstalledPackage("App", "1.0.0", Instant.EPOCH, "d1"));
        assertFalse(journal.isStepCompleted("App", "1.0.0", 1, PipelineStage.EXECUTE, "local"));

        journal.deploymentFinished(new DeploymentRecord("d1", "Root@1.0.0", "ann", Instant.EPOCH, Instant.EPOCH,
                DeploymentRecord.Outcome.PARTIAL, "1 succeeded, 1 failed"));

        List<String> lines = Files.readAllLines(state.resolve("steps.jsonl"));
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("\"Other\""));
        assertTrue(FileDeploymentJournal.open(state).isStepCompleted("Other", "1.0.0", 1, PipelineStage.EXECUTE, "local"));
        assertFalse(Files.readString(state.resolve("journal.json")).contains("\"steps\" : [ {"));
    }
}
