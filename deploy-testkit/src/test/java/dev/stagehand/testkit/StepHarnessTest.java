package dev.stagehand.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.Status;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.event.DeploymentEvent.StepNotice;
import dev.stagehand.api.event.DeploymentEvent.StepSkipped;
import dev.stagehand.api.event.DeploymentEvent.StepStarted;
import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.StepRecord;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What {@link StepHarness#forStep} does with one step, run through the real engine. */
class StepHarnessTest {

    private static final List<String> SEVEN_STAGES = Arrays.stream(PipelineStage.values())
            .map(PipelineStage::displayName).toList();

    /** The stages the probe said it ran in, in order. */
    private static List<String> stagesRun(HarnessResult result) {
        return result.events(StepNotice.class).stream().map(StepNotice::text).toList();
    }

    @Test
    void aStepRunsThroughTheSevenStagesInOrder() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"Probe\"/>")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(SEVEN_STAGES, stagesRun(result));
            assertEquals(Arrays.asList(PipelineStage.values()),
                    result.events(StepStarted.class).stream().map(StepStarted::stage).toList());
            assertEquals(Status.SUCCEEDED, result.step().status());
        }
    }

    @Test
    void filesGivenToTheHarnessAreInThePackage() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"Probe\" file=\"/app/app.json\" from=\"config/app.json\"/>")
                .file("config/app.json", "{ \"mode\": \"test\" }")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals("{ \"mode\": \"test\" }", harness.memoryTarget().text("/app/app.json").orElseThrow());
        }
    }

    @Test
    void aPackageFileTheStepNeedsButTheHarnessWasNotGivenIsAValidationError() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"Probe\" file=\"/app/app.json\" from=\"config/app.json\"/>")) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertEquals(List.of("the package has no file config/app.json"),
                    result.errors().stream().map(Problem::message).toList());
            assertEquals(Status.NOT_RUN, result.outcome(StepHarness.PACKAGE_ID).status());
            assertEquals(List.of(), harness.memoryTarget().files().keySet().stream().toList());
        }
    }

    @Test
    void aFileGivenAfterAFailedRunIsDeployedByTheNext() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"Probe\" file=\"/app/app.json\" from=\"config/app.json\"/>")) {
            assertFalse(harness.run().succeeded());

            HarnessResult again = harness.file("config/app.json", "{}").run();

            assertTrue(again.succeeded(), again::report);
            assertEquals("{}", harness.memoryTarget().text("/app/app.json").orElseThrow());
        }
    }

    @Test
    void variablesReachTheStepExpandedInAttributesAndInnerElements() throws Exception {
        try (StepHarness harness = StepHarness.forStep("""
                <step type="Probe" file="$(App.Folder)/about.txt" text="hello $(User.Name)">
                      <port value="$(App.Port)">on $(App.Host)</port>
                    </step>""")
                .variable("App.Folder", "/srv/shop").variable("User.Name", "Ada")
                .variables(java.util.Map.of("App.Port", "8443", "App.Host", "web1"))) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals("hello Ada\nport 8443 on web1\n", harness.memoryTarget().text("/srv/shop/about.txt").orElseThrow());
        }
    }

    @Test
    void anUndefinedVariableStopsTheRunInValidateBeforeTheHandlerSeesIt() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"Probe\" file=\"$(Nowhere)/a.txt\"/>")) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            Problem error = result.errors().get(0);
            assertEquals(1, result.errors().size(), result::report);
            assertEquals("variable $(Nowhere) used in attribute file is not set", error.message());
            assertEquals(StepHarness.PACKAGE_ID, error.location().packageId());
            assertEquals(1, error.location().stepIndex());
            assertTrue(error.location().line() > 0, error.location()::toString);
            assertEquals(List.of(), stagesRun(result), "the handler was called");
            assertEquals(List.of(), result.events(StepStarted.class));
            assertEquals(Status.NOT_RUN, result.outcome(StepHarness.PACKAGE_ID).status());
            assertEquals(List.of(), result.steps());
        }
    }

    @Test
    void anErrorReportedInExecuteFailsTheStep() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"Probe\" file=\"/app/a.txt\" requires=\"/ready\"/>")) {
            HarnessResult result = harness.run();

            assertFalse(result.succeeded());
            assertEquals(Status.FAILED, result.step().status());
            assertEquals(PipelineStage.EXECUTE, result.step().stage());
            assertEquals(List.of("the target has no /ready yet"), result.errors().stream().map(Problem::message).toList());
            assertEquals(List.of("Initialize", "Acquire", "Validate", "Prepare", "Execute", "Cleanup"), stagesRun(result));
            assertFalse(harness.memoryTarget().exists("/app/a.txt"));
        }
    }

    @Test
    void aSecondRunAfterAFailureResumesWithoutRedoingCompletedStages() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"Probe\" file=\"/app/a.txt\" requires=\"/ready\"/>")) {
            assertFalse(harness.run().succeeded());
            harness.memoryTarget().write("/ready", new ByteArrayInputStream(new byte[0]));

            HarnessResult again = harness.run();

            assertTrue(again.succeeded(), again::report);
            // Initialize, Acquire and Validate change nothing, so they always run; Prepare was done.
            assertEquals(List.of("Initialize", "Acquire", "Validate", "Execute", "Complete", "Cleanup"), stagesRun(again));
            assertEquals(List.of(PipelineStage.PREPARE),
                    again.events(StepSkipped.class).stream().map(StepSkipped::stage).toList());
            assertEquals(List.of(PipelineStage.EXECUTE, PipelineStage.COMPLETE),
                    again.steps().stream().map(StepRecord::stage).toList());
            assertTrue(harness.memoryTarget().exists("/app/a.txt"));
        }
    }

    @Test
    void aSecondRunAfterSuccessHasNothingToDo() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"Probe\" file=\"/app/a.txt\"/>")) {
            assertTrue(harness.run().succeeded());

            HarnessResult again = harness.run();

            assertTrue(again.succeeded(), again::report);
            assertEquals(Status.UP_TO_DATE, again.outcome(StepHarness.PACKAGE_ID).status());
            assertEquals(List.of(), stagesRun(again));
            assertEquals(List.of(), again.steps());
        }
    }

    @Test
    void theChangesTheHandlerRecordsAreInTheResult() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"Probe\" file=\"/app/a.txt\" text=\"A\"/>")) {
            HarnessResult result = harness.run();

            assertTrue(result.succeeded(), result::report);
            assertEquals(List.of(ChangeRecord.file("/app/a.txt", Sha256.of("A\n".getBytes(StandardCharsets.UTF_8)))),
                    result.changes());
            List<ChangeRecord> journaled = harness.journal().recordedChanges(StepHarness.PACKAGE_ID).stream()
                    .flatMap(s -> s.changes().stream()).toList();
            assertEquals(result.changes(), journaled.stream()
                    .filter(c -> !c.kind().equals(ChangeRecord.IRREVERSIBLE)).toList());
            assertEquals(List.of(new ChangeRecord(ChangeRecord.IRREVERSIBLE, "Probe", "cannot be undone")),
                    journaled.stream().filter(c -> c.kind().equals(ChangeRecord.IRREVERSIBLE)).toList(),
                    "the engine marks once that a step declaring no undo cannot be undone");
        }
    }

    @Test
    void eventsOfATypeAreThoseEventsInTheirOrder() throws Exception {
        try (StepHarness harness = StepHarness.forStep("<step type=\"Probe\"/>")) {
            HarnessResult result = harness.run();

            List<StepStarted> started = result.events(StepStarted.class);
            assertEquals(result.events().stream().filter(e -> e instanceof StepStarted).toList(), started);
            assertEquals(7, started.size());
            assertEquals(result.events(), result.events(DeploymentEvent.class));
            assertEquals(List.of(), result.events(DeploymentEvent.StepFailed.class));
            assertTrue(result.events().get(0) instanceof DeploymentEvent.DeploymentStarted, result.events()::toString);
        }
    }
}
