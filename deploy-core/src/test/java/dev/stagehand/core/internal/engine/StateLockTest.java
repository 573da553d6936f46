package dev.stagehand.core.internal.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.journal.LockHolder;
import dev.stagehand.api.journal.LockRequest;
import dev.stagehand.core.testing.DeadProcesses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateLockTest {

    private static final Duration EXPIRY = Duration.ofMinutes(10);

    @TempDir
    Path state;

    private static LockRequest request(String id, Clock clock) {
        return new LockRequest(id, Duration.ZERO, EXPIRY, clock);
    }

    private static LockRequest request(String id) {
        return request(id, Clock.systemUTC());
    }

    /** A lock file as another process leaves it, its heartbeat {@code age} old. */
    private Path lockOf(LockHolder holder, Duration age) throws Exception {
        Files.createDirectories(state);
        Path file = state.resolve(StateLock.FILE);
        Files.write(file, new ObjectMapper().writeValueAsBytes(new StateLock.Content("their-token", holder)));
        Files.setLastModifiedTime(file, FileTime.fromMillis(System.currentTimeMillis() - age.toMillis()));
        return file;
    }

    @Test
    void aHolderOfThisMachineWhoseProcessIsGoneIsTakenOverAtOnce() throws Exception {
        lockOf(DeadProcesses.holder(DeadProcesses.pid(), 0, "killed-run"), Duration.ZERO);

        try (StateLock lock = StateLock.acquire(state, request("next"))) {
            assertFalse(lock.lost());
            assertEquals("next", StateLock.read(state.resolve(StateLock.FILE)).content().holder().deploymentId());
        }
    }

    @Test
    void aHolderWhosePidNowBelongsToALaterProcessIsTakenOverAtOnce() throws Exception {
        long myStart = ProcessHandle.current().info().startInstant().orElseThrow().toEpochMilli();
        // Our pid, but a process that started an hour before ours: the pid was reused.
        lockOf(DeadProcesses.holder(ProcessHandle.current().pid(),
                myStart - Duration.ofHours(1).toMillis(), "killed-run"), Duration.ZERO);

        try (StateLock lock = StateLock.acquire(state, request("next"))) {
            assertEquals("next", StateLock.read(state.resolve(StateLock.FILE)).content().holder().deploymentId());
        }
    }

    @Test
    void aLiveHolderOfThisMachineKeepsItsLock() throws Exception {
        LockHolder alive = LockHolder.current("running", System.currentTimeMillis());
        lockOf(alive, Duration.ZERO);

        DeploymentException e = assertThrows(DeploymentException.class, () -> StateLock.acquire(state, request("next")));

        assertTrue(e.getMessage().contains("locked by " + alive.describe()), e.getMessage());
    }

    @Test
    void aHolderOnAnotherMachineKeepsTheHeartbeatExpiry() throws Exception {
        // A pid that is dead here says nothing of a process on another host.
        LockHolder elsewhere = new LockHolder("carol", "build-elsewhere", "", DeadProcesses.pid(), 0, "remote-run",
                System.currentTimeMillis());
        lockOf(elsewhere, Duration.ofMinutes(1));

        DeploymentException e = assertThrows(DeploymentException.class, () -> StateLock.acquire(state, request("next")));
        assertTrue(e.getMessage().contains("carol on build-elsewhere"), e.getMessage());

        lockOf(elsewhere, EXPIRY.plusMinutes(1));
        try (StateLock lock = StateLock.acquire(state, request("next"))) {
            assertEquals("next", StateLock.read(state.resolve(StateLock.FILE)).content().holder().deploymentId());
        }
    }

    @Test
    void aHolderThatStalledLearnsItLostTheLockAndNeverOverwritesTheNewOne() throws Exception {
        StateLock stalled = StateLock.acquire(state, request("stalled"));
        Path file = state.resolve(StateLock.FILE);
        // The next deployment sees the stalled one's heartbeat as older than the expiry.
        Clock later = Clock.offset(Clock.systemUTC(), EXPIRY.plusMinutes(1));
        try (StateLock next = StateLock.acquire(state, request("next", later))) {
            byte[] theirs = Files.readAllBytes(file);
            FileTime theirBeat = Files.getLastModifiedTime(file);

            stalled.beat();

            assertTrue(stalled.lost());
            assertFalse(next.lost());
            assertArrayEquals(theirs, Files.readAllBytes(file));
            assertEquals(theirBeat, Files.getLastModifiedTime(file));
            stalled.close();
            assertTrue(Files.exists(file), "the stalled holder removed the lock it no longer held");
            next.beat();
            assertFalse(next.lost());
        }
        assertFalse(Files.exists(file));
    }

    @Test
    void theHeartbeatIsTheLockFilesTimeAndTheContentIsNeverRewritten() throws Exception {
        Instant at = Instant.parse("2030-01-01T00:00:00Z");
        try (StateLock lock = StateLock.acquire(state, request("beating", Clock.fixed(at, ZoneOffset.UTC)))) {
            Path file = state.resolve(StateLock.FILE);
            byte[] content = Files.readAllBytes(file);

            lock.beat();

            assertEquals(at.toEpochMilli(), Files.getLastModifiedTime(file).toMillis());
            assertArrayEquals(content, Files.readAllBytes(file));
            assertNotEquals("rw-r--r--", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void anUnchangedLockFileIsCheckedByItsStampAndReadOnlyAfterItChanged() throws Exception {
        try (StateLock lock = StateLock.acquire(state, request("stamped"))) {
            assertFalse(lock.lost());
            int afterFirst = lock.reads();
            for (int step = 0; step < 100; step++) {
                assertFalse(lock.lost());
            }
            assertEquals(afterFirst, lock.reads(), "a lock file that did not change was read again");

            lock.beat();
            int afterBeat = lock.reads();
            assertFalse(lock.lost());
            assertEquals(afterBeat + 1, lock.reads(), "the file changed by the heartbeat was not read");
            assertFalse(lock.lost());
            assertEquals(afterBeat + 1, lock.reads());
        }
    }

    @Test
    void aTakeoverIsSeenAtOnceThoughTheNewLockFileHasTheSameSizeAndTime() throws Exception {
        try (StateLock lock = StateLock.acquire(state, request("taken"))) {
            Path file = state.resolve(StateLock.FILE);
            assertFalse(lock.lost());
            assertFalse(lock.lost());
            String mine = StateLock.read(file).content().token();
            byte[] theirs = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8)
                    .replace(mine, java.util.UUID.randomUUID().toString()).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            FileTime beat = Files.getLastModifiedTime(file);

            // As a taker does it: the stale lock moved aside and deleted, its own created in its place.
            Path aside = state.resolve(StateLock.FILE + ".x.stale");
            Files.move(file, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            Files.delete(aside);
            Files.write(file, theirs, java.nio.file.StandardOpenOption.CREATE_NEW);
            Files.setLastModifiedTime(file, beat);

            assertTrue(lock.lost());
            lock.close();
            assertArrayEquals(theirs, Files.readAllBytes(file), "the holder removed the lock it no longer held");
        }
    }
}
