package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.event.DeploymentListener;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroupProgressTest {

    private static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");
    private static final Location COPY = new Location("App.1.0.0/manifest.xml", 8, 5, "App", "1.0.0", 1, "DeployFiles");

    private final StringWriter out = new StringWriter();

    private static DeploymentEvent started() {
        return new DeploymentEvent.StageStarted(AT, "d1", PipelineStage.EXECUTE, 1);
    }

    private static DeploymentEvent succeeded() {
        return new DeploymentEvent.StepSucceeded(AT, "d1", PipelineStage.EXECUTE, COPY, "");
    }

    @Test
    void onATerminalEachTargetHasABarOfItsOwnRedrawnInPlaceUnderTheLinesPrinted() {
        GroupProgress progress = new GroupProgress(new PrintWriter(out, true), true, List.of("app1", "app2"));
        DeploymentListener app1 = progress.listener("app1");
        DeploymentListener app2 = progress.listener("app2");
        app1.onEvent(started());
        app2.onEvent(started());
        app2.onEvent(new DeploymentEvent.StepFailed(AT, "d2", PipelineStage.EXECUTE, COPY, "disk full"));
        app1.onEvent(succeeded());

        String up1 = "\033[1A\r\033[J";
        String up2 = "\033[2A\r\033[J";
        String empty = "[app1] Execute    [..............................] 0/1 steps\n";
        // The failure's line goes above the bars; then app2's bar shows its step done.
        String app2Empty = "[app2] Execute    [..............................] 0/1 steps\n";
        String failed = "[app2]   FAILED App.1.0.0/manifest.xml:8:5 (package App@1.0.0, step 1 DeployFiles) in Execute:"
                + " disk full\n";
        String app2Done = "[app2] Execute    [##############################] 1/1 steps\n";
        String app1Done = "[app1] Execute    [##############################] 1/1 steps\n";
        assertEquals(empty
                + up1 + empty + app2Empty
                + up2 + failed + empty + app2Empty
                + up2 + empty + app2Done
                + up2 + app1Done + app2Done, out.toString());
    }

    @Test
    void withoutATerminalEachTargetsFinishedStagesAndMessagesAreWholeLinesLedByItsName() {
        GroupProgress progress = new GroupProgress(new PrintWriter(out, true), false, List.of("app1", "app2"));
        DeploymentListener app1 = progress.listener("app1");
        DeploymentListener app2 = progress.listener("app2");
        app1.onEvent(started());
        app2.onEvent(started());
        app2.onEvent(new DeploymentEvent.StepNotice(AT, "d2", PipelineStage.EXECUTE, COPY, "copied 3 files"));
        app1.onEvent(succeeded());
        app1.onEvent(new DeploymentEvent.StageFinished(AT, "d1", PipelineStage.EXECUTE, true));

        assertEquals("""
                [app2]   notice: App.1.0.0/manifest.xml:8:5 (package App@1.0.0, step 1 DeployFiles): copied 3 files
                [app1] Execute    [##############################] 1/1 steps
                """, out.toString());
    }
}
