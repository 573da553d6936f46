package dev.stagehand.steps.sql;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.journal.DeploymentOutcome;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.steps.sql.journal.JdbcDeploymentJournal;
import dev.stagehand.testkit.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deployers in separate processes, each with a state folder of its own (as on two machines),
 * sharing one {@link JdbcDeploymentJournal} in PostgreSQL: the journal's lock keeps them one at
 * a time, and the lock of a killed deployer is taken over at once.
 */
class SharedJournalLockTest {

    @TempDir
    Path temp;

    private Process deployer(TestDatabase db, String name, int pauseSeconds, int lockWaitSeconds) throws IOException {
        Path log = temp.resolve(name + ".log");
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), JournalDeployer.class.getName(), db.url, db.user, db.password,
                temp.resolve("state-" + name).toString(), name, String.valueOf(pauseSeconds),
                String.valueOf(lockWaitSeconds)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private String log(String name) {
        try {
            return Files.readString(temp.resolve(name + ".log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static int exit(Process process) throws InterruptedException {
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "a deployer did not finish");
        return process.exitValue();
    }

    @Test
    void twoDeployersSharingTheJournalRunOneAtATimeAndTheSecondFindsTheWorkDone() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            db.execute("CREATE TABLE marks (deployer VARCHAR(20))");

            Process first = deployer(db, "first", 2, 60);
            Process second = deployer(db, "second", 2, 60);

            assertEquals(0, exit(first), () -> log("first"));
            assertEquals(0, exit(second), () -> log("second"));
            // Without the lock both plan before either installs, and both run the script.
            assertEquals(1, db.rows("SELECT deployer FROM marks").size(), db.rows("SELECT deployer FROM marks")::toString);
            try (JdbcDeploymentJournal journal = JdbcDeploymentJournal.open(db.url, db.user, db.password)) {
                assertEquals(List.of(DeploymentOutcome.SUCCEEDED, DeploymentOutcome.SUCCEEDED),
                        journal.deployments().stream().map(DeploymentRecord::outcome).toList());
            }
        }
    }

    @Test
    void theLockOfAKilledDeployerIsTakenOverAtOnceAndItsDeploymentClosedAsInterrupted() throws Exception {
        try (TestDatabase db = TestDatabase.create(TestDatabase.Kind.POSTGRES)) {
            db.execute("CREATE TABLE marks (deployer VARCHAR(20))");
            Process killed = deployer(db, "killed", 8, 0);
            awaitSleeping(db, killed);

            // The server goes on with the killed deployer's statement until it ends (8 s), holding the
            // patch lock; the journal lock, on a session of its own, goes with the process.
            killed.destroyForcibly().waitFor();
            long start = System.nanoTime();
            Process next = deployer(db, "next", 0, 0);

            assertEquals(0, exit(next), () -> log("next"));
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 60, "the lock was waited for");
            assertTrue(log("next").contains("taking over the journal lock of"), () -> log("next"));
            try (JdbcDeploymentJournal journal = JdbcDeploymentJournal.open(db.url, db.user, db.password)) {
                List<DeploymentRecord> deployments = journal.deployments();
                assertEquals(List.of(DeploymentOutcome.SUCCEEDED, DeploymentOutcome.INTERRUPTED),
                        deployments.stream().map(DeploymentRecord::outcome).toList());
            }
            // The killed one's transaction was rolled back with its session: its mark is gone.
            assertEquals(List.of("next"), db.rows("SELECT deployer FROM marks"));
        }
    }

    /** Waits until the deployer's script sleeps inside its transaction, with the journal lock held. */
    private static void awaitSleeping(TestDatabase db, Process deployer) throws Exception {
        await("the deployer reaches its script").atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(100)).until(() -> {
                    assertTrue(deployer.isAlive(), "the deployer ended before it reached its script");
                    return !db.rows("SELECT pid FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(8)%'")
                            .isEmpty();
                });
    }
}
