package dev.stagehand.api.spi;

import dev.stagehand.api.Location;

/** Collects problems found by a handler, each located at its step unless it names a place of its own. */
public interface ProblemReporter {

    /**
     * An error at the step: the step fails, in any stage.
     *
     * @param message what is wrong, in words the user can act on
     */
    void error(String message);

    /**
     * A warning at the step: shown, and the step goes on.
     *
     * @param message what is worth knowing, in words the user can act on
     */
    void warning(String message);

    /**
     * An error at a more precise place, e.g. a line of a script.
     *
     * @param message what is wrong
     * @param location where, instead of the step
     */
    void error(String message, Location location);

    /**
     * A warning at a more precise place.
     *
     * @param message what is worth knowing
     * @param location where, instead of the step
     */
    void warning(String message, Location location);
}
