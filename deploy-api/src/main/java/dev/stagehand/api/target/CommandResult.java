package dev.stagehand.api.target;

/**
 * How a command ended.
 *
 * @param exitCode the exit code (-1 when killed on timeout)
 * @param timedOut true when it was killed for running too long
 */
public record CommandResult(int exitCode, boolean timedOut) {

    public boolean succeeded() {
        return exitCode == 0 && !timedOut;
    }
}
