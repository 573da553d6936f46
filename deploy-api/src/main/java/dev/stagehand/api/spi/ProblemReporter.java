package dev.stagehand.api.spi;

import dev.stagehand.api.Location;

/** Collects problems found by a handler, each located at its step unless it names a place of its own. */
public interface ProblemReporter {

    void error(String message);

    void warning(String message);

    /** An error at a more precise place, e.g. a line of a script. */
    void error(String message, Location location);

    void warning(String message, Location location);
}
