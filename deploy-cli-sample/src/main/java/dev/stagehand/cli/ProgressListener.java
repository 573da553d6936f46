package dev.stagehand.cli;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.event.DeploymentListener;
import java.io.PrintWriter;

/**
 * Shows a deployment's progress for people: a bar per stage, redrawn in place on a terminal with
 * the running step's own progress after it, one line per stage otherwise; failures, warnings and
 * the steps' notices and the output of the processes they run ({@code |} output, {@code !} errors) as
 * they happen, on a terminal or not.
 */
final class ProgressListener implements DeploymentListener {

    private static final int WIDTH = 30;

    private final PrintWriter out;
    private final boolean terminal;
    /** Where the bar and lines go instead of {@code out} when several deployments share the screen; null for none. */
    private final Display display;
    private PipelineStage stage;
    /** Whether a stage runs now, so that its bar is the last line on a terminal. */
    private boolean running;
    private int total;
    private int done;
    /** The last progress a running step reported ({@code DeployFiles 1200/20000 files}); empty when none. */
    private String stepProgress = "";

    /** What shows the bar and the lines of one deployment among others ({@link GroupProgress}). */
    interface Display {
        /** A line of its own. */
        void line(String text);

        /** The bar as it is now; {@code finished} once its stage ended. */
        void bar(String text, boolean finished);
    }

    ProgressListener(PrintWriter out, boolean terminal) {
        this(out, terminal, null);
    }

    ProgressListener(PrintWriter out, boolean terminal, Display display) {
        this.out = out;
        this.terminal = terminal;
        this.display = display;
    }

    @Override
    public synchronized void onEvent(DeploymentEvent event) {
        if (event instanceof DeploymentEvent.StageStarted e) {
            stage = e.stage();
            running = true;
            total = e.steps();
            done = 0;
            stepProgress = "";
            draw(false);
        } else if (event instanceof DeploymentEvent.StepProgress e) {
            stepProgress = describe(e);
            redraw();
        } else if (event instanceof DeploymentEvent.StepSucceeded || event instanceof DeploymentEvent.StepSkipped) {
            done++;
            stepProgress = "";
            redraw();
        } else if (event instanceof DeploymentEvent.StepFailed e) {
            done++;
            stepProgress = "";
            printLine("  FAILED " + e.step() + " in " + e.stage() + ": " + e.message());
        } else if (event instanceof DeploymentEvent.StepNotice e) {
            printLine("  notice: " + e.step() + ": " + e.text());
        } else if (event instanceof DeploymentEvent.StepOutput e) {
            printLine("  " + (e.error() ? "! " : "| ") + e.line());
        } else if (event instanceof DeploymentEvent.StageFinished) {
            stepProgress = "";
            running = false;
            draw(true);
        } else if (event instanceof DeploymentEvent.ProblemReported e && !e.problem().isError() && stage != null) {
            // Warnings reported before the first stage are the plan's, printed with the plan.
            printLine("  " + e.problem());
        }
        out.flush();
    }

    private static String describe(DeploymentEvent.StepProgress e) {
        String step = e.step().stepType() == null ? "step" : e.step().stepType();
        return step + " " + e.done() + (e.total() > 0 ? "/" + e.total() : "") + " " + e.unit();
    }

    /** A line of its own; on a terminal the bar is drawn again under it. */
    private void printLine(String line) {
        if (display != null) {
            display.line(line);
            redraw();
            return;
        }
        if (terminal) {
            out.print("\r\033[K");
        }
        out.println(line);
        redraw();
    }

    private void redraw() {
        if (terminal && running) {
            draw(false);
        }
    }

    private void draw(boolean finished) {
        if (!terminal && !finished) {
            return;
        }
        int shown = total == 0 ? WIDTH : (int) ((long) WIDTH * Math.min(done, total) / total);
        String bar = "#".repeat(shown) + ".".repeat(WIDTH - shown);
        String line = String.format("%-10s [%s] %d/%d steps", stage, bar, Math.min(done, total), total)
                + (stepProgress.isEmpty() ? "" : "  " + stepProgress);
        if (display != null) {
            display.bar(line, finished);
        } else if (terminal) {
            out.print("\r\033[K" + line);
            if (finished) {
                out.println();
            }
        } else {
            out.println(line);
        }
    }
}
