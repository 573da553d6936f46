package dev.stagehand.api;

import java.util.Objects;

/**
 * One thing wrong (or worth a warning), with where it is.
 *
 * @param severity error or warning
 * @param message  what is wrong, in words the user can act on (no location in it)
 * @param location where it is
 */
public record Problem(Severity severity, String message, Location location) {

    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        location = location == null ? Location.UNKNOWN : location;
    }

    public static Problem error(String message, Location location) {
        return new Problem(Severity.ERROR, message, location);
    }

    public static Problem warning(String message, Location location) {
        return new Problem(Severity.WARNING, message, location);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code location: error: message}, the form the CLI prints. */
    @Override
    public String toString() {
        return location + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
