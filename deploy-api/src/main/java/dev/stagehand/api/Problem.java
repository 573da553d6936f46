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

    /**
     * Refuses a problem without severity or message; a missing location becomes {@link Location#UNKNOWN}.
     *
     * @param severity error or warning
     * @param message what is wrong, in words the user can act on (no location in it)
     * @param location where it is
     */
    public Problem {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(message, "message");
        location = location == null ? Location.UNKNOWN : location;
    }

    /**
     * @param message what is wrong, in words the user can act on
     * @param location where it is
     * @return the error
     */
    public static Problem error(String message, Location location) {
        return new Problem(Severity.ERROR, message, location);
    }

    /**
     * @param message what is worth knowing
     * @param location where it is
     * @return the warning
     */
    public static Problem warning(String message, Location location) {
        return new Problem(Severity.WARNING, message, location);
    }

    /** {@return true for an error, which fails what it is about} */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code location: error: message}, the form the CLI prints. */
    @Override
    public String toString() {
        return location + ": " + severity.name().toLowerCase(java.util.Locale.ROOT) + ": " + message;
    }
}
