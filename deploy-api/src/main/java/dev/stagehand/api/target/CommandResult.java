package dev.stagehand.api.target;

import java.util.List;

/**
 * How a command ended.
 *
 * @param exitCode  the exit code (-1 when killed on timeout)
 * @param timedOut  true when it was killed for running too long
 * @param errorTail the last lines of its standard error (at most {@value #TAIL_LINES}), for messages
 */
public record CommandResult(int exitCode, boolean timedOut, List<String> errorTail) {

    /** How many lines of standard error a result keeps. */
    public static final int TAIL_LINES = 20;

    /**
     * Copies the error tail, so that the result stays unchanged.
     *
     * @param exitCode the exit code (-1 when killed on timeout)
     * @param timedOut true when it was killed for running too long
     * @param errorTail the last lines of its standard error (at most {@value #TAIL_LINES}), for messages
     */
    public CommandResult {
        errorTail = List.copyOf(errorTail);
    }

    /** {@return true when the command exited with 0 in time} */
    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }
}
