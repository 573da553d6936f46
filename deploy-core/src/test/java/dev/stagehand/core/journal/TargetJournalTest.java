package dev.stagehand.core.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.DeploymentException;
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
}
