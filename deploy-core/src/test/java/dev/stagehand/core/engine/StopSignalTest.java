package dev.stagehand.core.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Status;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.journal.DeploymentOutcome;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.core.Fixtures;
import dev.stagehand.core.RootRequest;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.journal.InMemoryDeploymentJournal;
import dev.stagehand.core.options.InstallOptions;
import dev.stagehand.core.options.StopSignal;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.result.PackageOutcome;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a deployment does once asked from outside to stop: no new step, and the reason it was given, not a lock's. */
class StopSignalTest {

    @TempDir
    Path state;

    @BeforeEach
    void clearRecord() {
        RecordingStepHandler.RECORD.clear();
    }

    @Test
    void aRaisedSignalStartsNoNewStepAndTheStoppedPackageReportsItsReason() throws Exception {
        StopSignal signal = new StopSignal();
        InMemoryDeploymentJournal journal = new InMemoryDeploymentJournal();
        DeploymentResult result = Stagehand.configure().sources(Fixtures.resource("engine/basic")).stateDirectory(state)
                .journal(journal).stopWhen(signal).listener(event -> {
                    if (event instanceof DeploymentEvent.StepSucceeded step && step.stage() == PipelineStage.EXECUTE) {
                        signal.stop("target app1 failed");
                    }
                }).load().install(RootRequest.parse("Root"), InstallOptions.DEFAULTS);

        assertFalse(result.succeeded());
        assertEquals(1, RecordingStepHandler.RECORD.stream().filter(r -> r.startsWith("Execute ")).count(),
                "only the step running when the signal was raised ran in Execute: " + RecordingStepHandler.RECORD);
        PackageOutcome a = result.packages().stream().filter(p -> p.id().equals("A")).findFirst().orElseThrow();
        assertEquals(Status.FAILED, a.status());
        assertEquals("stopped: target app1 failed", a.reason());
        assertFalse(result.toString().contains("state lock"), result.toString());
        assertTrue(result.problems().stream().anyMatch(p -> p.message().contains("target app1 failed")),
                result.problems().toString());
        DeploymentRecord record = journal.deployments().get(0);
        assertEquals(DeploymentOutcome.FAILED, record.outcome(), "the journal closes the run as failed: " + record);
    }

    @Test
    void theFirstReasonGivenIsTheOneReported() {
        StopSignal signal = new StopSignal();
        assertTrue(signal.reason().isEmpty());
        assertTrue(signal.stop("target app1 failed"));
        assertFalse(signal.stop("target app2 failed"));
        assertEquals("target app1 failed", signal.reason().orElseThrow());
    }
}
