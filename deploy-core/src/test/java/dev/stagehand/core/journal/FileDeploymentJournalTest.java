package dev.stagehand.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.DeploymentOutcome;
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
                List.of(ChangeRecord.file("/opt/app/a.dll", "ab12")), "fingerprint-" + index);
    }

    @Test
    void whatIsRecordedIsThereWhenTheJournalIsOpenedAgain() {
        FileDeploymentJournal journal = FileDeploymentJournal.open(state);
        journal.deploymentStarted(new DeploymentRecord("d1", "Root@1.0.0", "ann", Instant.EPOCH, null,
                DeploymentOutcome.RUNNING, ""));
        journal.stepCompleted(step("App", 1, PipelineStage.EXECUTE));
        journal.packageInstalled(new InstalledPackage("Lib", "2.0.0", Instant.EPOCH, "d1"));

        FileDeploymentJournal reopened = FileDeploymentJournal.open(state);

        assertTrue(reopened.completedStep("app", "1.0.0", 1, PipelineStage.EXECUTE, "local").isPresent());
        assertFalse(reopened.completedStep("App", "1.0.0", 1, PipelineStage.COMPLETE, "local").isPresent());
        assertEquals("2.0.0", reopened.installed("LIB").orElseThrow().version());
        assertEquals(DeploymentOutcome.RUNNING, reopened.deployments().get(0).outcome());
    }

    @Test
    void aStepLineCutShortByACrashIsIgnored() throws Exception {
        FileDeploymentJournal journal = FileDeploymentJournal.open(state);
        journal.stepCompleted(step("App", 1, PipelineStage.EXECUTE));
        Files.writeString(state.resolve("steps.jsonl"), "{\"packageId\":\"App\",\"vers", StandardOpenOption.APPEND);

        FileDeploymentJournal reopened = FileDeploymentJournal.open(state);

        assertTrue(reopened.completedStep("App", "1.0.0", 1, PipelineStage.EXECUTE, "local").isPresent());
    }

    @Test
    void theStepLinesOfInstalledVersionsAreDroppedWhenTheDeploymentFinishes() throws Exception {
        FileDeploymentJournal journal = FileDeploymentJournal.open(state);
        DeploymentRecord running = new DeploymentRecord("d1", "Root@1.0.0", "ann", Instant.EPOCH, null,
                DeploymentOutcome.RUNNING, "");
        journal.deploymentStarted(running);
        journal.stepCompleted(step("App", 1, PipelineStage.EXECUTE));
        journal.stepCompleted(step("Other", 1, PipelineStage.EXECUTE));
        journal.packageInstalled(new InstalledPackage("App", "1.0.0", Instant.EPOCH, "d1"));
        assertFalse(journal.completedStep("App", "1.0.0", 1, PipelineStage.EXECUTE, "local").isPresent());

        journal.deploymentFinished(new DeploymentRecord("d1", "Root@1.0.0", "ann", Instant.EPOCH, Instant.EPOCH,
                DeploymentOutcome.PARTIAL, "1 succeeded, 1 failed"));

        List<String> lines = Files.readAllLines(state.resolve("steps.jsonl"));
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).contains("\"Other\""));
        assertTrue(FileDeploymentJournal.open(state).completedStep("Other", "1.0.0", 1, PipelineStage.EXECUTE, "local").isPresent());
        assertFalse(Files.readString(state.resolve("journal.json")).contains("\"steps\" : [ {"));
    }

    @Test
    void aCompletedStepComesBackWithItsFingerprint() {
        FileDeploymentJournal journal = FileDeploymentJournal.open(state);
        journal.stepCompleted(step("App", 3, PipelineStage.PREPARE));

        assertEquals("fingerprint-3", FileDeploymentJournal.open(state)
                .completedStep("App", "1.0.0", 3, PipelineStage.PREPARE, "local").orElseThrow().fingerprint());
    }

    @Test
    void theChangesOfAnInstalledVersionAreKeptForLaterDeploymentsOfItsPackage() {
        FileDeploymentJournal journal = FileDeploymentJournal.open(state);
        journal.stepCompleted(step("App", 1, PipelineStage.EXECUTE));
        journal.packageInstalled(new InstalledPackage("App", "1.0.0", Instant.EPOCH, "d1"));
        journal.deploymentFinished(new DeploymentRecord("d1", "Root@1.0.0", "ann", Instant.EPOCH, Instant.EPOCH,
                DeploymentOutcome.SUCCEEDED, ""));

        List<StepRecord> kept = FileDeploymentJournal.open(state).recordedChanges("app");

        assertEquals(1, kept.size(), kept::toString);
        assertEquals(List.of(ChangeRecord.file("/opt/app/a.dll", "ab12")), kept.get(0).changes());
        assertTrue(FileDeploymentJournal.open(state).completedStep("App", "1.0.0", 1, PipelineStage.EXECUTE, "local")
                .isEmpty(), "an installed version's steps are no longer work to resume");
    }

    @Test
    void onlyTheInstalledVersionAndTheOneBeforeItKeepTheirChanges() {
        FileDeploymentJournal journal = FileDeploymentJournal.open(state);
        for (String version : List.of("1.0.0", "1.1.0", "1.2.0")) {
            journal.stepCompleted(new StepRecord("App", version, 1, "DeployFiles", PipelineStage.EXECUTE, "local",
                    Instant.EPOCH, "d-" + version, List.of(ChangeRecord.file("/opt/app/" + version, "ab")), "f"));
            journal.packageInstalled(new InstalledPackage("App", version, Instant.EPOCH, "d-" + version));
        }

        assertEquals(List.of("1.1.0", "1.2.0"), journal.recordedChanges("App").stream().map(StepRecord::version)
                .toList());
    }

    /** The local files of the state folder, each operation written down in order. */
    private static final class RecordedFiles implements JournalFiles {
        final LocalJournalFiles local;
        final List<String> operations = new java.util.ArrayList<>();

        RecordedFiles(Path folder) {
            local = new LocalJournalFiles(folder);
        }

        @Override
        public java.util.Optional<byte[]> read(String name) throws java.io.IOException {
            return local.read(name);
        }

        @Override
        public void write(String name, byte[] content) throws java.io.IOException {
            operations.add("write " + name);
            local.write(name, content);
        }

        @Override
        public void append(String name, byte[] line) throws java.io.IOException {
            operations.add("append forced " + name);
            local.append(name, line);
        }

        @Override
        public void appendLazily(String name, byte[] line) throws java.io.IOException {
            operations.add("append lazily " + name);
            local.appendLazily(name, line);
        }

        @Override
        public void force(String name) throws java.io.IOException {
            if (local.waitsForForce(name)) {
                operations.add("force " + name);
            }
            local.force(name);
        }

        @Override
        public String describe(String name) {
            return local.describe(name);
        }

        @Override
        public java.util.Optional<dev.stagehand.api.journal.JournalLock> lock(
                dev.stagehand.api.journal.LockRequest request) throws java.io.IOException, InterruptedException {
            return local.lock(request);
        }
    }

    private static StepRecord unchanged(String id, int index, List<ChangeRecord> changes) {
        return new StepRecord(id, "1.0.0", index, "RunSql", PipelineStage.EXECUTE, "local", Instant.EPOCH, "d1",
                changes, "fingerprint-" + index);
    }

    @Test
    void aStepThatChangedSomethingIsForcedToDiskBeforeTheEngineGoesOn() {
        RecordedFiles files = new RecordedFiles(state);
        FileDeploymentJournal journal = FileDeploymentJournal.open(files);

        journal.stepCompleted(step("App", 1, PipelineStage.EXECUTE));

        assertEquals(List.of("append forced steps.jsonl"), files.operations);
        assertFalse(files.local.waitsForForce("steps.jsonl"));
    }

    @Test
    void aStepThatChangedNothingWaitsForTheNextForcedWriteEvenWhenItCannotBeUndone() {
        RecordedFiles files = new RecordedFiles(state);
        FileDeploymentJournal journal = FileDeploymentJournal.open(files);

        journal.stepCompleted(unchanged("Db", 1, List.of()));
        journal.stepCompleted(unchanged("Db", 2, List.of(new ChangeRecord(ChangeRecord.IRREVERSIBLE, "RunSql",
                "cannot be undone"))));

        assertEquals(List.of("append lazily steps.jsonl", "append lazily steps.jsonl"), files.operations);
        assertTrue(files.local.waitsForForce("steps.jsonl"));
        journal.stepCompleted(step("App", 3, PipelineStage.EXECUTE));
        assertFalse(files.local.waitsForForce("steps.jsonl"), "one fsync of the file covers the lines before it");
    }

    @Test
    void journalJsonIsWrittenOnlyOnceTheStepLinesBeforeItAreOnDisk() {
        RecordedFiles files = new RecordedFiles(state);
        FileDeploymentJournal journal = FileDeploymentJournal.open(files);
        journal.stepCompleted(unchanged("Db", 1, List.of()));

        journal.packageInstalled(new InstalledPackage("Other", "1.0.0", Instant.EPOCH, "d1"));

        assertEquals(List.of("append lazily steps.jsonl", "force steps.jsonl", "write journal.json"),
                files.operations);
        assertFalse(files.local.waitsForForce("steps.jsonl"));
    }

    @Test
    void aLazilyAppendedStepIsThereForTheNextProcess() {
        FileDeploymentJournal journal = FileDeploymentJournal.open(state);
        journal.stepCompleted(unchanged("Db", 1, List.of()));

        assertTrue(FileDeploymentJournal.open(state).completedStep("Db", "1.0.0", 1, PipelineStage.EXECUTE, "local")
                .isPresent());
    }
}
