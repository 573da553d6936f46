package dev.stagehand.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.DeploymentOutcome;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.core.Fixtures;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.journal.FileDeploymentJournal;
import dev.stagehand.core.journal.InMemoryDeploymentJournal;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.options.OnError;
import dev.stagehand.core.result.PackageOutcome;
import dev.stagehand.api.Status;
import dev.stagehand.api.target.Flushing;
import dev.stagehand.core.testing.CountingTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineEngineTest {

    @TempDir
    Path state;

    final List<DeploymentEvent> events = Collections.synchronizedList(new ArrayList<>());

    @BeforeEach
    void clearRecord() {
        RecordingStepHandler.RECORD.clear();
    }

    private Stagehand stagehand(String source, Map<String, String> parameters) {
        return Stagehand.configure().sources(Fixtures.resource("engine/" + source)).parameters(parameters)
                .stateDirectory(state).listener(events::add).load();
    }

    private DeploymentResult install(String source, Map<String, String> parameters, InstallOptions options)
            throws Exception {
        return stagehand(source, parameters).install(RootRequest.parse("Root"), options);
    }

    private static List<String> recorded(String stage) {
        return RecordingStepHandler.RECORD.stream().filter(r -> r.startsWith(stage + " ")).map(r -> r.substring(
                stage.length() + 1)).toList();
    }

    private static PackageOutcome outcome(DeploymentResult result, String id) {
        return result.packages().stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void everyStageRunsForEveryStepBeforeTheNextStageStarts() throws Exception {
        DeploymentResult result = install("basic", Map.of(), InstallOptions.DEFAULTS);

        assertTrue(result.succeeded(), result.problems()::toString);
        List<String> steps = List.of("A@1.0.0#1", "A@1.0.0#2", "B@1.0.0#1", "Root@1.0.0#1");
        List<String> expected = new ArrayList<>();
        for (PipelineStage stage : PipelineStage.values()) {
            steps.forEach(s -> expected.add(stage + " " + s));
        }
        assertEquals(expected, RecordingStepHandler.RECORD);
    }

    /** A target whose flushes are noted in the record, between the steps' own entries. */
    private static final class FlushRecordingTarget extends CountingTarget implements Flushing {

        FlushRecordingTarget(Path base) {
            super(base);
        }

        @Override
        public void flush() {
            RecordingStepHandler.RECORD.add("flush");
        }
    }

    /** A journal that notes in the record each step it is told is complete. */
    private static DeploymentJournal recordingJournal() {
        InMemoryDeploymentJournal journal = new InMemoryDeploymentJournal();
        return new DeploymentJournal() {
            @Override
            public List<InstalledPackage> installedPackages() {
                return journal.installedPackages();
            }

            @Override
            public List<DeploymentRecord> deployments() {
                return journal.deployments();
            }

            @Override
            public void deploymentStarted(DeploymentRecord record) {
                journal.deploymentStarted(record);
            }

            @Override
            public void deploymentFinished(DeploymentRecord record) {
                journal.deploymentFinished(record);
            }

            @Override
            public void stepCompleted(StepRecord record) {
                RecordingStepHandler.RECORD.add("journal " + record.stage() + " " + record.packageId() + "@"
                        + record.version() + "#" + record.stepIndex());
                journal.stepCompleted(record);
            }

            @Override
            public java.util.Optional<StepRecord> completedStep(String packageId, String version, int stepIndex,
                                                                PipelineStage stage, String target) {
                return journal.completedStep(packageId, version, stepIndex, stage, target);
            }

            @Override
            public void packageInstalled(InstalledPackage installed) {
                journal.packageInstalled(installed);
            }

            @Override
            public List<StepRecord> recordedChanges(String packageId) {
                return journal.recordedChanges(packageId);
            }
        };
    }

    @Test
    void theTargetIsFlushedAfterEachChangingStepBeforeTheJournalCallsItComplete() throws Exception {
        DeploymentResult result = Stagehand.configure().sources(Fixtures.resource("engine/basic")).stateDirectory(state)
                .target(new FlushRecordingTarget(state)).journal(recordingJournal()).load()
                .install(RootRequest.parse("Root"), InstallOptions.DEFAULTS);

        assertTrue(result.succeeded(), result.problems()::toString);
        List<String> expected = new ArrayList<>();
        for (PipelineStage stage : PipelineStage.values()) {
            for (String step : List.of("A@1.0.0#1", "A@1.0.0#2", "B@1.0.0#1", "Root@1.0.0#1")) {
                expected.add(stage + " " + step);
                if (stage.changesTarget()) {
                    expected.add("flush");
                    expected.add("journal " + stage + " " + step);
                }
            }
        }
        assertEquals(expected, RecordingStepHandler.RECORD);
    }

    @Test
    void aStepThatFailsIsNeitherFlushedForNorJournaled() throws Exception {
        Stagehand.configure().sources(Fixtures.resource("engine/failing")).parameters(Map.of("Marker", ""))
                .stateDirectory(state).target(new FlushRecordingTarget(state)).journal(recordingJournal()).load()
                .install(RootRequest.parse("Root"), InstallOptions.DEFAULTS);

        int failed = RecordingStepHandler.RECORD.indexOf("Execute B@1.0.0#2");
        assertTrue(failed >= 0, RecordingStepHandler.RECORD::toString);
        assertFalse(RecordingStepHandler.RECORD.contains("journal Execute B@1.0.0#2"));
        assertFalse(RecordingStepHandler.RECORD.subList(failed + 1, RecordingStepHandler.RECORD.size()).contains("flush"),
                RecordingStepHandler.RECORD::toString);
    }

    @Test
    void aSuccessfulDeploymentIsInTheJournalAndASecondRunHasNothingToDo() throws Exception {
        install("basic", Map.of(), InstallOptions.DEFAULTS);
        RecordingStepHandler.RECORD.clear();

        DeploymentResult second = install("basic", Map.of(), InstallOptions.DEFAULTS);

        assertTrue(second.plan().nothingToDo());
        assertEquals(List.of(), RecordingStepHandler.RECORD);
        assertEquals(3, second.withStatus(Status.UP_TO_DATE).size());
        FileDeploymentJournal journal = FileDeploymentJournal.open(state);
        assertEquals(List.of("A", "B", "Root"), journal.installedPackages().stream().map(p -> p.packageId()).toList());
        assertEquals(2, journal.deployments().size());
        assertEquals(DeploymentOutcome.SUCCEEDED, journal.deployments().get(1).outcome());
    }

    @Test
    void aValidationErrorChangesNothingAndTheReportListsEveryProblem() throws Exception {
        DeploymentResult result = install("invalid", Map.of("Product.Port", "99999", "Product.Mode", "slow"),
                InstallOptions.DEFAULTS);

        assertEquals(DeploymentOutcome.FAILED, result.outcome());
        List<String> errors = result.problems().stream().filter(Problem::isError).map(Problem::toString).toList();
        assertEquals(4, errors.size(), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("step 3 Record")
                && e.contains("variable $(Undefined.Folder) used in attribute where is not set")), errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("variable Product.Port (Port) '99999' is not a port")),
                errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("variable Product.Mode (Mode) 'slow' is not one of fast, safe")),
                errors::toString);
        assertTrue(errors.stream().anyMatch(e -> e.contains("Product.Admin.Password (Admin password) is required")),
                errors::toString);
        assertEquals(List.of(), recorded("Prepare"));
        assertEquals(List.of(), recorded("Execute"));
        assertEquals(List.of("Root@1.0.0#1", "Root@1.0.0#2"), recorded("Cleanup"));
        assertTrue(RecordingStepHandler.RECORD.stream().noneMatch(r -> r.endsWith("#3")),
                "the step using an undefined variable never reaches its handler, in no stage");
        assertTrue(FileDeploymentJournal.open(state).installedPackages().isEmpty());
        assertTrue(result.packages().stream().allMatch(p -> p.status() == Status.NOT_RUN));
    }

    @Test
    void abortStopsAtTheFailureRunsCleanupAndSaysWhatRan() throws Exception {
        DeploymentResult result = install("failing", Map.of("Marker", ""), InstallOptions.DEFAULTS);

        assertEquals(DeploymentOutcome.FAILED, result.outcome());
        assertEquals(List.of("A@1.0.0#1", "B@1.0.0#1", "B@1.0.0#2"), recorded("Execute"));
        assertEquals(List.of(), recorded("Complete"));
        assertEquals(List.of("A@1.0.0#1", "B@1.0.0#1", "B@1.0.0#2", "C@1.0.0#1", "D@1.0.0#1", "Root@1.0.0#1"),
                recorded("Cleanup"));
        PackageOutcome b = outcome(result, "B");
        assertEquals(Status.FAILED, b.status());
        assertEquals("step 2 Fail failed in Execute: planned failure in Execute", b.reason());
        assertEquals(Status.FAILED, b.steps().get(1).status());
        assertEquals(PipelineStage.EXECUTE, b.steps().get(1).stage());
        assertEquals(Status.SKIPPED, b.steps().get(0).status());
        assertTrue(b.steps().get(0).message().startsWith("ran through Execute"), b.steps().get(0).message());
        assertEquals(Status.SKIPPED, outcome(result, "D").status());
        assertEquals("the deployment stopped after B@1.0.0 failed", outcome(result, "D").reason());
        assertTrue(outcome(result, "D").steps().get(0).message().startsWith("ran through Prepare"),
                outcome(result, "D").steps().get(0).message());
        assertEquals(Status.SKIPPED, outcome(result, "A").status());
        assertTrue(outcome(result, "A").steps().get(0).message().startsWith("ran through Execute"));
    }

    @Test
    void continueSkipsTheFailedPackageAndItsDependentsAndDeploysTheRest() throws Exception {
        DeploymentResult result = install("failing", Map.of("Marker", ""),
                InstallOptions.DEFAULTS.withOnError(OnError.CONTINUE));

        assertEquals(DeploymentOutcome.PARTIAL, result.outcome(), result::toString);
        assertEquals(Status.SUCCEEDED, outcome(result, "A").status());
        assertEquals(Status.FAILED, outcome(result, "B").status());
        assertEquals(Status.SKIPPED, outcome(result, "C").status());
        assertEquals("skipped: it depends on B@1.0.0, which failed", outcome(result, "C").reason());
        assertEquals(Status.SUCCEEDED, outcome(result, "D").status());
        assertEquals(Status.SKIPPED, outcome(result, "Root").status());
        assertEquals(List.of("A@1.0.0#1", "D@1.0.0#1"), recorded("Complete"));
        assertEquals(List.of("A", "D"), FileDeploymentJournal.open(state).installedPackages().stream()
                .map(p -> p.packageId()).toList());
    }

    @Test
    void aReRunAfterAFailureResumesWithoutRedoingCompletedSteps(@TempDir Path scratch) throws Exception {
        Map<String, String> parameters = Map.of("Marker", scratch.resolve("failed-once").toString());
        DeploymentResult first = install("failing", parameters, InstallOptions.DEFAULTS);
        assertEquals(Status.FAILED, outcome(first, "B").status());
        RecordingStepHandler.RECORD.clear();

        DeploymentResult second = install("failing", parameters, InstallOptions.DEFAULTS);

        assertTrue(second.succeeded(), second.problems()::toString);
        assertEquals(List.of("B@1.0.0#2", "C@1.0.0#1", "D@1.0.0#1", "Root@1.0.0#1"), recorded("Execute"));
        assertEquals(List.of("A@1.0.0#1", "B@1.0.0#1", "B@1.0.0#2", "C@1.0.0#1", "D@1.0.0#1", "Root@1.0.0#1"),
                recorded("Validate"));
        assertEquals(first.plan().packages().stream().map(p -> p.coordinates()).toList(),
                second.plan().packages().stream().map(p -> p.coordinates()).toList());
        assertEquals("resumed: completed stages of an earlier run were not redone",
                outcome(second, "B").steps().get(0).message());
    }

    @Test
    void aDryRunValidatesAndChangesNothing() throws Exception {
        DeploymentResult result = install("basic", Map.of(), InstallOptions.DEFAULTS.withDryRun(true));

        assertEquals(List.of(), recorded("Prepare"));
        assertEquals(4, recorded("Validate").size());
        assertTrue(result.packages().stream().allMatch(p -> p.status() == Status.NOT_RUN));
        assertFalse(Files.exists(state.resolve("journal.json")));
    }

    @Test
    void aSecondDeploymentOfTheSameStateFailsAtOnceNamingTheHolder() throws Exception {
        Files.createDirectories(state);
        long now = System.currentTimeMillis();
        Files.writeString(state.resolve("lock.json"), "{\"token\":\"t\",\"holder\":{\"owner\":\"alice\","
                + "\"host\":\"build7\",\"pid\":42,\"deploymentId\":\"d-1\",\"acquiredAt\":" + now + "}}");

        DeploymentException e = assertThrows(DeploymentException.class,
                () -> install("basic", Map.of(), InstallOptions.DEFAULTS));

        assertTrue(e.getMessage().contains("the state folder is locked by alice on build7 (pid 42, deployment d-1"),
                e.getMessage());
        assertEquals(List.of(), RecordingStepHandler.RECORD);
    }

    @Test
    void aLockLeftByADeadProcessExpiresAndIsTakenOver() throws Exception {
        Files.createDirectories(state);
        long longAgo = System.currentTimeMillis() - Duration.ofMinutes(10).toMillis();
        Files.writeString(state.resolve("lock.json"), "{\"token\":\"t\",\"holder\":{\"owner\":\"bob\",\"host\":\"h\","
                + "\"pid\":7,\"deploymentId\":\"d-0\",\"acquiredAt\":" + longAgo + "}}");
        Files.setLastModifiedTime(state.resolve("lock.json"), java.nio.file.attribute.FileTime.fromMillis(longAgo));

        DeploymentResult result = install("basic", Map.of(), InstallOptions.DEFAULTS);

        assertTrue(result.succeeded(), result.problems()::toString);
        assertFalse(Files.exists(state.resolve("lock.json")));
    }

    @Test
    void aSecondDeploymentWaitsForTheFirstWhenAskedTo() throws Exception {
        var lock = dev.stagehand.core.internal.engine.StateLock.acquire(state,
                new dev.stagehand.api.journal.LockRequest("first", Duration.ZERO, Duration.ofSeconds(30),
                        java.time.Clock.systemUTC()));
        var released = new java.util.concurrent.atomic.AtomicReference<java.time.Instant>();
        var scheduler = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        scheduler.schedule(() -> {
            released.set(java.time.Instant.now());
            lock.close();
            return null;
        }, 500, java.util.concurrent.TimeUnit.MILLISECONDS);
        try {
            DeploymentResult result = install("basic", Map.of(), InstallOptions.DEFAULTS.withLockWait(Duration.ofSeconds(20)));

            assertTrue(result.succeeded(), result.problems()::toString);
            java.time.Instant firstStep = events.stream().filter(e -> e instanceof DeploymentEvent.StepStarted)
                    .map(DeploymentEvent::at).findFirst().orElseThrow();
            assertFalse(firstStep.isBefore(released.get()), "a step ran before the first deployment let go");
        } finally {
            scheduler.shutdownNow();
        }
    }

    @Test
    void aSecretNeverAppearsInLogsEventsJournalResultOrErrors() throws Exception {
        String secret = "s3cr3t-Pa55word";
        java.io.ByteArrayOutputStream err = new java.io.ByteArrayOutputStream();
        java.io.PrintStream original = System.err;
        DeploymentResult result;
        System.setErr(new java.io.PrintStream(err, true, java.nio.charset.StandardCharsets.UTF_8));
        try {
            result = install("secrets", Map.of("Product.Port", "8080", "Product.Mode", "fast",
                    "Product.Admin.Password", secret), InstallOptions.DEFAULTS);
        } finally {
            System.setErr(original);
        }

        assertEquals(Status.FAILED, outcome(result, "Root").status());
        String logs = err.toString(java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(logs.contains("echo says pw=******"), logs);
        assertTrue(outcome(result, "Root").reason().contains("echo failed with pw=******"), outcome(result, "Root").reason());
        StringBuilder everything = new StringBuilder(logs);
        events.forEach(e -> everything.append(e).append('\n'));
        everything.append(result).append('\n');
        everything.append(Files.readString(state.resolve("journal.json")));
        assertFalse(everything.toString().contains(secret), "the secret leaked");
        assertTrue(everything.toString().contains("pw=******"));
    }

    @Test
    void aHandlerIsCalledAndJournaledOnlyInTheStagesItImplements() throws Exception {
        DeploymentResult result = install("execute-only", Map.of(), InstallOptions.DEFAULTS);

        assertTrue(result.succeeded(), result.problems()::toString);
        assertEquals(List.of("Execute Root@1.0.0#1"), RecordingStepHandler.RECORD.stream()
                .filter(r -> r.endsWith("#1")).toList());
        assertEquals(7, RecordingStepHandler.RECORD.stream().filter(r -> r.endsWith("#2")).count());
        long stepStarts = events.stream().filter(e -> e instanceof DeploymentEvent.StepStarted).count();
        assertEquals(8, stepStarts, "7 stages of the Record step, 1 of the ExecuteOnly step");
    }
}
