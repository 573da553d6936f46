package dev.stagehand.cli;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.event.DeploymentListener;
import java.io.PrintWriter;

/**
 * Shows a deployment's progress for people: a bar per stage, redrawn in place on a terminal,
 * one line per stage otherwise; failures and warnings as they happen.
 */
final class ProgressListener implements DeploymentListener {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    private PipelineStage stage;
    private int total;
    private int done;

    ProgressListener(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void onEvent(DeploymentEvent event) {
        if (event instanceof DeploymentEvent.StageStarted e) {
            stage = e.stage();
            total = e.steps();
            done = 0;
            draw(false);
        } else if (event instanceof DeploymentEvent.StepSucceeded || event instanceof DeploymentEvent.StepSkipped) {
            done++;
            if (terminal) {
                draw(false);
            }
        } else if (event instanceof DeploymentEvent.StepFailed e) {
            done++;
            clearLine();
            out.println("  FAILED " + e.step() + " in " + e.stage() + ": " + e.message());
            draw(false);
        } else if (event instanceof DeploymentEvent.StageFinished e) {
            draw(true);
        } else if (event instanceof DeploymentEvent.ProblemReported e && !e.problem().isError() && stage != null) {
            // Warnings reported before the first stage are the plan's, printed with the plan.
            clearLine();
            out.println("  " + e.problem());
        }
        out.flush();
    }

    private void clearLine() {
        if (terminal) {
            out.print("\r\033[K");
        }
    }

    private void draw(boolean finished) {
        if (!terminal && !finished) {
            return;
        }
        int shown = total == 0 ? WIDTH : (int) ((long) WIDTH * Math.min(done, total) / total);
        String bar = "#".repeat(shown) + ".".repeat(WIDTH - shown);
        String line = String.format("%-10s [%s] %d/%d steps", stage, bar, Math.min(done, total), total);
        if (terminal) {
            out.print("\r\033[K" + line);
            if (finished) {
                out.println();
            }
        } else {
            out.println(line);
        }
    }
}
