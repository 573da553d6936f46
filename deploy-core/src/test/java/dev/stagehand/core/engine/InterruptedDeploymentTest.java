package dev.stagehand.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.journal.DeploymentOutcome;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.LockHolder;
import dev.stagehand.core.Fixtures;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.journal.FileDeploymentJournal;
import dev.stagehand.core.testing.DeadProcesses;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.result.DeploymentResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a deployment finds after one before it was killed, and the state it leaves itself. */
class InterruptedDeploymentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path state;

    final List<DeploymentEvent> events = new ArrayList<>();

    @BeforeEach
    void clearRecord() {
        RecordingStepHandler.RECORD.clear();
    }

    private DeploymentResult install(InstallOptions options, dev.stagehand.api.event.DeploymentListener listener)
            throws Exception {
        return install("basic", options, listener);
    }

    private DeploymentResult install(String source, InstallOptions options,
                                     dev.stagehand.api.event.DeploymentListener listener) throws Exception {
        try (Stagehand stagehand = Stagehand.configure().sources(Fixtures.resource("engine/" + source))
                .parameters(Map.of()).stateDirectory(state).listener(events::add).listener(listener).load()) {
            return stagehand.install(RootRequest.parse("Root"), options);
        }
    }

    /** What a deployment killed with kill -9 in Execute leaves: its record, its lock, its work folder. */
    private Path killedDeployment(String id) throws Exception {
        long pid = DeadProcesses.pid();
        FileDeploymentJournal.open(state).deploymentStarted(new DeploymentRecord(id, "Root@1.0.0", "bob",
                Instant.now().minusSeconds(30), null, DeploymentOutcome.RUNNING, ""));
        Files.write(state.resolve("lock.json"), JSON.writeValueAsBytes(Map.of("token", "killed",
                "holder", DeadProcesses.holder(pid, 0, id))));
        Path work = Files.createDirectories(state.resolve("work").resolve(id));
        Files.write(work.resolve("owner.json"), JSON.writeValueAsBytes(DeadProcesses.holder(pid, 0, id)));
        Files.writeString(Files.createDirectories(work.resolve("packages/A@1.0.0")).resolve("app.config"),
                "password=s3cret");
        return work;
    }

    @Test
    void aKilledDeploymentIsTakenOverAtOnceClosedAsInterruptedAndItsWorkFolderRemoved() throws Exception {
        Path killedWork = killedDeployment("20261201-120000-killed01");

        DeploymentResult result = install(InstallOptions.DEFAULTS.withLockWait(Duration.ZERO), e -> { });

        assertTrue(result.succeeded(), result.problems()::toString);
        List<DeploymentRecord> deployments = FileDeploymentJournal.open(state).deployments();
        DeploymentRecord killed = deployments.stream().filter(d -> d.id().equals("20261201-120000-killed01"))
                .findFirst().orElseThrow();
        assertEquals(DeploymentOutcome.INTERRUPTED, killed.outcome());
        assertNotNull(killed.finished());
        assertTrue(killed.summary().contains("closed by deployment " + result.deploymentId()), killed.summary());
        assertEquals(DeploymentOutcome.SUCCEEDED, deployments.get(0).outcome());
        assertFalse(Files.exists(killedWork), "the killed run's work folder, with a secret in it, is still there");
        assertFalse(Files.exists(state.resolve("work").resolve(result.deploymentId())));
        assertFalse(Files.exists(state.resolve("lock.json")));
    }

    @Test
    void theWorkFolderOfARunThatIsAliveIsKept() throws Exception {
        // A dry run takes no lock: its folder must survive the deployment that starts meanwhile.
        Path dryRun = Files.createDirectories(state.resolve("work").resolve("20261201-120000-dryrun01"));
        Files.write(dryRun.resolve("owner.json"), JSON.writeValueAsBytes(
                LockHolder.current("20261201-120000-dryrun01", System.currentTimeMillis())));

        assertTrue(install(InstallOptions.DEFAULTS, e -> { }).succeeded());

        assertTrue(Files.exists(dryRun.resolve("owner.json")));
    }

    @Test
    void stateAndWorkFoldersAreTheDeployingUsersAlone() throws Exception {
        List<String> seenInExecute = new ArrayList<>();
        DeploymentResult result = install(InstallOptions.DEFAULTS, e -> {
            if (e instanceof DeploymentEvent.StageStarted s && s.stage() == PipelineStage.EXECUTE) {
                try (Stream<Path> all = Files.walk(state)) {
                    all.forEach(p -> seenInExecute.add(state.relativize(p) + " " + permissions(p)));
                } catch (java.io.IOException x) {
                    throw new java.io.UncheckedIOException(x);
                }
            }
        });

        assertTrue(result.succeeded(), result.problems()::toString);
        String work = "work/" + result.deploymentId();
        assertTrue(seenInExecute.contains(" rwx------"), seenInExecute::toString);
        assertTrue(seenInExecute.contains("work rwx------"), seenInExecute::toString);
        assertTrue(seenInExecute.contains(work + " rwx------"), seenInExecute::toString);
        assertTrue(seenInExecute.contains(work + "/owner.json rw-------"), seenInExecute::toString);
        assertTrue(seenInExecute.contains("lock.json rw-------"), seenInExecute::toString);
        try (Stream<Path> all = Files.walk(state)) {
            all.forEach(p -> assertTrue(permissions(p).matches("rw[x-]------"), p + " is " + permissions(p)));
        }
    }

    @Test
    void aHolderThatLosesItsLockStopsBeforeTheNextStageAndChangesNothingMore() throws Exception {
        DeploymentResult result = install(InstallOptions.DEFAULTS.withLockExpiry(Duration.ofMillis(300)), e -> {
            if (e instanceof DeploymentEvent.StageStarted s && s.stage() == PipelineStage.VALIDATE) {
                try {
                    // Another deployment took the lock over while this one stalled.
                    Path lock = state.resolve("lock.json");
                    Files.delete(lock);
                    Files.write(lock, JSON.writeValueAsBytes(Map.of("token", "theirs",
                            "holder", LockHolder.current("the-other-one", System.currentTimeMillis()))));
                } catch (Exception x) {
                    throw new IllegalStateException(x);
                }
            }
        });

        assertFalse(result.succeeded());
        assertTrue(result.problems().stream().anyMatch(p -> p.message().contains("the state lock was taken over")),
                result.problems()::toString);
        assertTrue(RecordingStepHandler.RECORD.stream().noneMatch(r -> r.startsWith("Prepare ")),
                RecordingStepHandler.RECORD::toString);
        assertTrue(Files.exists(state.resolve("lock.json")), "the lock of the deployment that took over was removed");
    }

    @Test
    void aDeploymentWhoseHandlerCannotBeLoadedIsClosedAsFailedAndLeavesNoWorkFolderNorLock() throws Exception {
        DeploymentResult result = install("unlinkable", InstallOptions.DEFAULTS, e -> { });

        assertFalse(result.succeeded());
        assertTrue(result.problems().stream().anyMatch(p -> p.message().contains("MissingFromThePluginJar")),
                result.problems()::toString);
        DeploymentRecord record = FileDeploymentJournal.open(state).deployments().get(0);
        assertEquals(DeploymentOutcome.FAILED, record.outcome());
        assertNotNull(record.finished());
        assertFalse(Files.exists(state.resolve("work").resolve(result.deploymentId())));
        assertFalse(Files.exists(state.resolve("lock.json")));
    }

    private static String permissions(Path p) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
