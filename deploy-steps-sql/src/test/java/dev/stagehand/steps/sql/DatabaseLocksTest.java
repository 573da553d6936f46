package dev.stagehand.steps.sql;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.JournalException;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.journal.LockRequest;
import dev.stagehand.jdbc.JdbcSession;
import dev.stagehand.jdbc.LeaseLock;
import dev.stagehand.steps.sql.types.SqlTypes;
import dev.stagehand.testkit.TestDatabase;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The database locks: the patch lock's row and the journal's lease row, on PostgreSQL and H2. */
class DatabaseLocksTest {

    private static JdbcSession session(TestDatabase db) {
        return new JdbcSession(DatabaseConnection.ofUrl("Online", null, db.url, db.user, db.password),
                SqlTypes.forUrl(db.url));
    }

    private static LockRequest request(String id, Duration wait, Duration expiry) {
        return new LockRequest(id, wait, expiry, Clock.systemUTC());
    }

    /** H2 takes the patch lock with the portable lock row (PostgreSQL and SQL Server have locks of their own). */
    @Test
    void aLockRowTheDatabaseRefusesIsAnErrorNeverALockSilentlyNotTaken() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.H2); JdbcSession session = session(db)) {
            // A lock table someone made too narrow for the lock's name: the insert fails, no row exists.
            db.execute("CREATE TABLE T_StagehandLocks (LockId VARCHAR(3) NOT NULL PRIMARY KEY, LockedBy VARCHAR(255))");

            SQLException e = assertThrows(SQLException.class, () -> SqlTypes.forUrl(db.url).lock(session, false,
                    "patches"));

            assertTrue(e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("too long"), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aJournalLeaseIsHeldAgainstASecondDeployerAndNamesItsHolder(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             LeaseLock first = LeaseLock.acquire(session(db), "journal", request("first", Duration.ZERO,
                     Duration.ofMinutes(1)), "db")) {
            DeploymentException e = assertThrows(DeploymentException.class, () -> LeaseLock.acquire(session(db),
                    "journal", request("second", Duration.ofMillis(300), Duration.ofMinutes(1)), "db"));

            assertTrue(e.getMessage().contains("the journal is locked by ")
                    && e.getMessage().contains("deployment first"), e.getMessage());
            assertFalse(first.lost());
            first.close();
            try (LeaseLock second = LeaseLock.acquire(session(db), "journal", request("second", Duration.ZERO,
                    Duration.ofMinutes(1)), "db")) {
                assertEquals(1, db.rows("SELECT DeploymentId FROM T_StagehandJournalLock").size());
                assertEquals("second", db.rows("SELECT DeploymentId FROM T_StagehandJournalLock").get(0));
            }
            assertTrue(db.rows("SELECT DeploymentId FROM T_StagehandJournalLock").isEmpty());
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aLeaseOfAnotherMachineIsTakenOverOnlyAfterTheExpiry(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            LeaseLock.acquire(session(db), "journal", request("setup", Duration.ZERO, Duration.ofMinutes(1)), "db")
                    .close();
            long fresh = System.currentTimeMillis();
            db.execute("INSERT INTO T_StagehandJournalLock (LockId, Token, Owner, Host, BootId, Pid, ProcessStart,"
                    + " DeploymentId, AcquiredAt, HeartbeatAt) VALUES ('journal', 't', 'carol', 'build-elsewhere', '',"
                    + " 1, 0, 'remote', " + fresh + ", " + fresh + ")");

            assertThrows(DeploymentException.class, () -> LeaseLock.acquire(session(db), "journal",
                    request("next", Duration.ZERO, Duration.ofMinutes(1)), "db"));

            db.execute("UPDATE T_StagehandJournalLock SET HeartbeatAt = " + (fresh - Duration.ofMinutes(2).toMillis()));
            try (LeaseLock next = LeaseLock.acquire(session(db), "journal", request("next", Duration.ZERO,
                    Duration.ofMinutes(1)), "db")) {
                assertEquals("next", db.rows("SELECT DeploymentId FROM T_StagehandJournalLock").get(0));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aHolderWhoseLeaseWasTakenOverLearnsItAndNeverWritesTheNewHoldersRow(TestDatabase.Kind kind)
            throws Exception {
        try (TestDatabase db = TestDatabase.create(kind);
             LeaseLock stalled = LeaseLock.acquire(session(db), "journal", request("stalled", Duration.ZERO,
                     Duration.ofMillis(300)), "db")) {
            // Another deployer judged it stale and took the row over.
            db.execute("UPDATE T_StagehandJournalLock SET Token = 'theirs', DeploymentId = 'taker', HeartbeatAt = 7");

            // Its heartbeat finds the row no longer its own.
            await().atMost(Duration.ofSeconds(10)).until(stalled::lost);

            assertTrue(stalled.lost());
            stalled.close();
            assertEquals("taker|7", db.rows("SELECT DeploymentId, HeartbeatAt FROM T_StagehandJournalLock").get(0));
        }
    }

    @ParameterizedTest
    @EnumSource(TestDatabase.Kind.class)
    void aLeaseRowTheDatabaseRefusesIsAJournalError(TestDatabase.Kind kind) throws Exception {
        try (TestDatabase db = TestDatabase.create(kind)) {
            db.execute("CREATE TABLE T_StagehandJournalLock (LockId VARCHAR(3) NOT NULL PRIMARY KEY,"
                    + " Token VARCHAR(64) NOT NULL, Owner VARCHAR(255), Host VARCHAR(255), BootId VARCHAR(64),"
                    + " Pid BIGINT, ProcessStart BIGINT, DeploymentId VARCHAR(100), AcquiredAt BIGINT,"
                    + " HeartbeatAt BIGINT NOT NULL)");

            JournalException e = assertThrows(JournalException.class, () -> LeaseLock.acquire(session(db), "journal",
                    request("first", Duration.ZERO, Duration.ofMinutes(1)), "the-db"));

            assertTrue(e.getMessage().contains("the journal lock cannot be taken") && e.getMessage().toLowerCase(java.util.Locale.ROOT).contains("too long"), e.getMessage());
            assertEquals("the-db", e.location().file());
        }
    }

}
