package dev.stagehand.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.api.journal.DeploymentOutcome;
import dev.stagehand.api.target.Appending;
import dev.stagehand.api.target.Flushing;
import dev.stagehand.core.testing.CountingTarget;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockRequest;
import dev.stagehand.core.target.LocalTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file journal kept on a target, through the target's own operations (here a local folder standing for a machine). */
class TargetJournalTest {

    @TempDir
    Path machine;

    @Test
    void aJournalOnATargetIsWrittenInDotDeployOfItsBaseFolderAndReadBackFromThere() {
        LocalTarget target = new LocalTarget("app1", machine, LocalTarget.Durability.ON_FLUSH);
        FileDeploymentJournal.onTarget(target).packageInstalled(new InstalledPackage("Web", "1.0.0", Instant.now(), "d1"));
        assertTrue(Files.isRegularFile(machine.resolve(".deploy/journal.json")));
        assertEquals("1.0.0", FileDeploymentJournal.onTarget(target).installed("web").orElseThrow().version());
        assertTrue(FileDeploymentJournal.onTarget(target).folder().isEmpty());
    }

    @Test
    void theLockOfATargetKeepsOutASecondDeployerUntilReleased() throws Exception {
        LocalTarget target = new LocalTarget("app1", machine, LocalTarget.Durability.ON_FLUSH);
        LockRequest first = new LockRequest("d1", Duration.ZERO, Duration.ofMinutes(5), Clock.systemUTC());
        try (JournalLock held = FileDeploymentJournal.onTarget(target).lock(first).orElseThrow()) {
            assertTrue(Files.exists(machine.resolve(".deploy/lock.json")));
            DeploymentException e = assertThrows(DeploymentException.class, () -> FileDeploymentJournal.onTarget(target)
                    .lock(new LockRequest("d2", Duration.ZERO, Duration.ofMinutes(5), Clock.systemUTC())));
            assertTrue(e.getMessage().contains("target app1 is locked by") && e.getMessage().contains("d1"),
                    e.getMessage());
            assertFalse(held.lost());
        }
        assertFalse(Files.exists(machine.resolve(".deploy/lock.json")));
        try (JournalLock again = FileDeploymentJournal.onTarget(target).lock(new LockRequest("d3", Duration.ZERO,
                Duration.ofMinutes(5), Clock.systemUTC())).orElseThrow()) {
            assertFalse(again.lost());
        }
    }

    @Test
    void aLockWhoseHeartbeatStoppedIsTakenOverAfterTheExpiry() throws Exception {
        LocalTarget target = new LocalTarget("app1", machine, LocalTarget.Durability.ON_FLUSH);
        // A holder on another host (not provable dead) whose last heartbeat is an hour old.
        Files.createDirectories(machine.resolve(".deploy"));
        Files.writeString(machine.resolve(".deploy/lock.json"), "{\"token\":\"t\",\"holder\":{\"owner\":\"ops\","
                + "\"host\":\"elsewhere\",\"pid\":1,\"deploymentId\":\"old\",\"acquiredAt\":"
                + (System.currentTimeMillis() - 3_600_000) + "}}");
        try (JournalLock taken = FileDeploymentJournal.onTarget(target).lock(new LockRequest("d2", Duration.ZERO,
                Duration.ofMinutes(1), Clock.systemUTC())).orElseThrow()) {
            assertTrue(Files.readString(machine.resolve(".deploy/lock.json")).contains("d2"));
            assertFalse(taken.lost());
        }
    }

    @Test
    void aJournalOnATargetIsReadWithoutAskingFirstWhetherEachFileIsThere() {
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        dev.stagehand.core.testing.CountingTarget target = new dev.stagehand.core.testing.CountingTarget(machine) {
            @Override
            public boolean exists(String path) {
                asked.incrementAndGet();
                return super.exists(path);
            }
        };
        assertTrue(FileDeploymentJournal.onTarget(target).installedPackages().isEmpty(), "nothing there: empty");
        FileDeploymentJournal.onTarget(target).packageInstalled(new InstalledPackage("Web", "1.0.0", Instant.now(), "d1"));
        target.contentReads.set(0);
        asked.set(0);

        assertEquals("1.0.0", FileDeploymentJournal.onTarget(target).installed("web").orElseThrow().version());
        assertEquals(0, asked.get(), "each file read at once, an absent one told by the read");
        assertTrue(target.contentReads.get() > 0);
    }

    @Test
    void theLockOfAJournalOnATargetIsTakenWithoutReadingTheJournal() throws Exception {
        LocalTarget target = new LocalTarget("app1", machine, LocalTarget.Durability.ON_FLUSH);
        Files.createDirectories(machine.resolve(".deploy"));
        Files.writeString(machine.resolve(".deploy/journal.json"), "not a journal");
        assertThrows(DeploymentException.class, () -> FileDeploymentJournal.onTarget(target),
                "opening the journal reads it");
        LockRequest first = new LockRequest("d1", Duration.ZERO, Duration.ofMinutes(5), Clock.systemUTC());
        try (JournalLock held = FileDeploymentJournal.lockOnTarget(target, first).orElseThrow()) {
            assertTrue(Files.readString(machine.resolve(".deploy/lock.json")).contains("d1"));
            DeploymentException e = assertThrows(DeploymentException.class, () -> FileDeploymentJournal.lockOnTarget(
                    target, new LockRequest("d2", Duration.ZERO, Duration.ofMinutes(5), Clock.systemUTC())));
            assertTrue(e.getMessage().contains("target app1 is locked by") && e.getMessage().contains("d1"),
                    e.getMessage());
        }
        assertFalse(Files.exists(machine.resolve(".deploy/lock.json")));
    }

    /** A target that appends and flushes, counting both (a machine reached over SSH, say). */
    private static final class AppendingTarget extends CountingTarget implements Appending, Flushing {
        final AtomicInteger appends = new AtomicInteger();
        final AtomicInteger flushes = new AtomicInteger();

        AppendingTarget(Path base) {
            super(base);
        }

        @Override
        public void append(String path, byte[] bytes) throws IOException {
            appends.incrementAndGet();
            local.append(path, bytes);
        }

        @Override
        public void flush() {
            flushes.incrementAndGet();
        }
    }

    private static StepRecord step(int index, boolean changed) {
        return new StepRecord("App", "1.0.0", index, "RunSql", PipelineStage.EXECUTE, "app1", Instant.EPOCH, "d1",
                changed ? List.of(ChangeRecord.file("/srv/app/f" + index, "ab12")) : List.of(), "fingerprint-" + index);
    }

    /** A journal on the target with deployment d1 started, as the engine opens one. */
    private static FileDeploymentJournal deploymentStartedOn(AppendingTarget target) {
        FileDeploymentJournal journal = FileDeploymentJournal.onTarget(target);
        journal.deploymentStarted(new DeploymentRecord("d1", "Root@1.0.0", "ann", Instant.EPOCH, null,
                DeploymentOutcome.RUNNING, ""));
        return journal;
    }

    /** The steps among 1..max the journal has records of. */
    private static List<Integer> recorded(FileDeploymentJournal journal, int max) {
        return java.util.stream.IntStream.rangeClosed(1, max).filter(i -> journal.completedStep("App", "1.0.0", i,
                PipelineStage.EXECUTE, "app1").isPresent()).boxed().toList();
    }

    @Test
    void aStepLineIsAppendedToATargetThatAppendsWithoutReadingOrRewritingTheFile() throws Exception {
        AppendingTarget target = new AppendingTarget(machine);
        FileDeploymentJournal journal = deploymentStartedOn(target);
        target.contentReads.set(0);
        target.writes.set(0);
        target.flushes.set(0);

        for (int i = 1; i <= 50; i++) {
            journal.stepCompleted(step(i, true));
        }

        assertEquals(50, target.appends.get());
        assertEquals(0, target.contentReads.get(), "steps.jsonl is not read back to add a line");
        assertEquals(0, target.writes.get(), "nor written whole");
        assertEquals(50, target.flushes.get(), "a step that changed something is durable before the next");
        assertEquals(50, Files.readAllLines(machine.resolve(".deploy/steps.jsonl")).size());
        assertEquals(50, recorded(FileDeploymentJournal.onTarget(target), 50).size());
    }

    @Test
    void aStepThatChangedNothingIsFlushedOnTheTargetOnlyWithTheNextSave() throws Exception {
        AppendingTarget target = new AppendingTarget(machine);
        FileDeploymentJournal journal = deploymentStartedOn(target);
        target.flushes.set(0);

        for (int i = 1; i <= 20; i++) {
            journal.stepCompleted(step(i, false));
        }
        assertEquals(0, target.flushes.get(), "20 lines handed to the target, none waited for the disk");
        assertEquals(20, Files.readAllLines(machine.resolve(".deploy/steps.jsonl")).size());

        journal.packageInstalled(new InstalledPackage("App", "1.0.0", Instant.EPOCH, "d1"));
        // The lines first, then journal.json: one flush for the lines, one for the journal.
        assertEquals(2, target.flushes.get());
    }

    @Test
    void aTargetThatCannotAppendGetsTheFileRewrittenWithEachLine() throws Exception {
        CountingTarget target = new CountingTarget(machine);
        FileDeploymentJournal journal = FileDeploymentJournal.onTarget(target);
        target.writes.set(0);
        for (int i = 1; i <= 3; i++) {
            journal.stepCompleted(step(i, i != 2));
        }
        assertEquals(3, target.writes.get(), "one atomic rewrite per line, lazily or not");
        assertEquals(List.of(1, 2, 3), recorded(FileDeploymentJournal.onTarget(target), 3));
    }

    @Test
    void aLineTornByADeployerKilledWhileAppendingItDoesNotSpoilTheNextLine() throws Exception {
        AppendingTarget target = new AppendingTarget(machine);
        FileDeploymentJournal.onTarget(target).stepCompleted(step(1, true));
        Path steps = machine.resolve(".deploy/steps.jsonl");
        String whole = Files.readString(steps);
        // The second line's first half: the deployer was killed while it went over the network.
        Files.writeString(steps, whole + whole.substring(0, whole.length() / 2).replace("f1", "f2"));

        FileDeploymentJournal again = FileDeploymentJournal.onTarget(target);
        assertEquals(List.of(1), recorded(again, 3), "the torn line is not a record");
        again.stepCompleted(step(3, true));

        assertEquals(List.of(1, 3), recorded(FileDeploymentJournal.onTarget(target), 3),
                "the line after the torn one starts a line of its own");
    }
}
