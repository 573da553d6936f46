package dev.stagehand.cli;

import dev.stagehand.api.event.DeploymentListener;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The progress of a group's targets running at once: every line led by its target's name. On a
 * terminal each target has a bar of its own (the single-target install's bar), the block of bars
 * redrawn in place under the lines already printed; otherwise each target's stage bars and
 * messages are printed as whole lines, as they come.
 */
final class GroupProgress {

    private final PrintWriter out;
    private final boolean terminal;
    /** Each target's bar as last drawn, in the targets' order; empty before its first stage. */
    private final Map<String, String> bars = new LinkedHashMap<>();
    /** How many bar lines stand under the printed lines now, to be drawn over. */
    private int drawn;

    GroupProgress(PrintWriter out, boolean terminal, List<String> targets) {
        this.out = out;
        this.terminal = terminal;
        targets.forEach(t -> bars.put(t, ""));
    }

    /** The listener of one target's deployment: the single-target bar and messages, routed here. */
    DeploymentListener listener(String target) {
        return new ProgressListener(new PrintWriter(Writer.nullWriter()), terminal, new ProgressListener.Display() {
            @Override
            public void line(String text) {
                GroupProgress.this.line(target, text);
            }

            @Override
            public void bar(String text, boolean finished) {
                GroupProgress.this.bar(target, text, finished);
            }
        });
    }

    synchronized void line(String target, String text) {
        erase();
        out.println(prefix(target) + text);
        redraw();
    }

    synchronized void bar(String target, String text, boolean finished) {
        if (!terminal) {
            if (finished) {
                out.println(prefix(target) + text);
                out.flush();
            }
            return;
        }
        bars.put(target, text);
        erase();
        redraw();
    }

    private static String prefix(String target) {
        return "[" + target + "] ";
    }

    /** Moves up over the bars and clears them and all below. */
    private void erase() {
        if (terminal && drawn > 0) {
            out.print("\033[" + drawn + "A\r\033[J");
        }
        drawn = 0;
    }

    private void redraw() {
        if (terminal) {
            for (Map.Entry<String, String> bar : bars.entrySet()) {
                if (!bar.getValue().isEmpty()) {
                    out.println(prefix(bar.getKey()) + bar.getValue());
                    drawn++;
                }
            }
        }
        out.flush();
    }
}
