package dev.stagehand.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.event.DeploymentEvent;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProgressListenerTest {

    private static final Instant AT = Instant.parse("2024-05-01T10:00:00Z");
    private static final Location COPY = new Location("App.1.0.0/manifest.xml", 8, 5, "App", "1.0.0", 1, "DeployFiles");
    private static final Location RESTART = new Location("App.1.0.0/manifest.xml", 9, 5, "App", "1.0.0", 2, "Restart");

    private final StringWriter out = new StringWriter();

    private void replay(boolean terminal, DeploymentEvent... events) {
        ProgressListener listener = new ProgressListener(new PrintWriter(out, true), terminal);
        for (DeploymentEvent event : events) {
            listener.onEvent(event);
        }
    }

    private static DeploymentEvent[] executeWithProgressAndANotice() {
        return new DeploymentEvent[] {
                new DeploymentEvent.StageStarted(AT, "d1", PipelineStage.EXECUTE, 2),
                new DeploymentEvent.StepStarted(AT, "d1", PipelineStage.EXECUTE, COPY),
                new DeploymentEvent.StepProgress(AT, "d1", COPY, 1200, 20000, "files"),
                new DeploymentEvent.StepSucceeded(AT, "d1", PipelineStage.EXECUTE, COPY, "20000 files"),
                new DeploymentEvent.StepStarted(AT, "d1", PipelineStage.EXECUTE, RESTART),
                new DeploymentEvent.StepNotice(AT, "d1", PipelineStage.EXECUTE, RESTART, "restarted the service App"),
                new DeploymentEvent.StepSucceeded(AT, "d1", PipelineStage.EXECUTE, RESTART, ""),
                new DeploymentEvent.StageFinished(AT, "d1", PipelineStage.EXECUTE, true)};
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlaceWithTheRunningStepsProgressAndNoticesOnLinesOfTheirOwn() {
        replay(true, executeWithProgressAndANotice());

        String redraw = "\r\033[K";
        String notice = "  notice: App.1.0.0/manifest.xml:9:5 (package App@1.0.0, step 2 Restart): restarted the service App";
        assertEquals(redraw + "Execute    [..............................] 0/2 steps"
                + redraw + "Execute    [..............................] 0/2 steps  DeployFiles 1200/20000 files"
                + redraw + "Execute    [###############...............] 1/2 steps"
                + redraw + notice + "\n"
                + redraw + "Execute    [###############...............] 1/2 steps"
                + redraw + "Execute    [##############################] 2/2 steps"
                + redraw + "Execute    [##############################] 2/2 steps\n", out.toString());
    }

    @Test
    void withoutATerminalEachStageIsOneLineAndNoticesArePrintedToo() {
        replay(false, executeWithProgressAndANotice());

        assertEquals("""
                  notice: App.1.0.0/manifest.xml:9:5 (package App@1.0.0, step 2 Restart): restarted the service App
                Execute    [##############################] 2/2 steps
                """, out.toString());
    }

    @Test
    void theLinesAScriptWritesArePrintedAsTheyComeErrorsMarked() {
        Location script = new Location("App.1.0.0/manifest.xml", 10, 5, "App", "1.0.0", 3, "RunPowershell");
        replay(false, new DeploymentEvent.StageStarted(AT, "d1", PipelineStage.EXECUTE, 1),
                new DeploymentEvent.StepOutput(AT, "d1", PipelineStage.EXECUTE, script, false, "stopping the host"),
                new DeploymentEvent.StepOutput(AT, "d1", PipelineStage.EXECUTE, script, true, "host was not running"),
                new DeploymentEvent.StepSucceeded(AT, "d1", PipelineStage.EXECUTE, script, ""),
                new DeploymentEvent.StageFinished(AT, "d1", PipelineStage.EXECUTE, true));

        assertEquals("""
                  | stopping the host
                  ! host was not running
                Execute    [##############################] 1/1 steps
                """, out.toString());
    }
}
