package dev.stagehand.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The in-memory journal keeps what the file journal keeps, so that tests on it see what production sees. */
class InMemoryDeploymentJournalTest {

    @Test
    void onlyTheInstalledVersionAndTheOneBeforeItKeepTheirChanges() {
        InMemoryDeploymentJournal journal = new InMemoryDeploymentJournal();
        for (String version : List.of("1.0.0", "1.1.0", "1.2.0")) {
            journal.stepCompleted(new StepRecord("App", version, 1, "DeployFiles", PipelineStage.EXECUTE, "local",
                    Instant.EPOCH, "d-" + version, List.of(ChangeRecord.file("/opt/app/" + version, "ab")), "f"));
            journal.stepCompleted(new StepRecord("App", version, 2, "Record", PipelineStage.EXECUTE, "local",
                    Instant.EPOCH, "d-" + version, List.of(), "f"));
            journal.packageInstalled(new InstalledPackage("App", version, Instant.EPOCH, "d-" + version));
        }

        assertEquals(List.of("1.1.0", "1.2.0"), journal.recordedChanges("app").stream().map(StepRecord::version)
                .toList());
        assertTrue(journal.completedStep("App", "1.2.0", 1, PipelineStage.EXECUTE, "local").isEmpty(),
                "an installed version's steps are no longer work to resume");
    }
}
