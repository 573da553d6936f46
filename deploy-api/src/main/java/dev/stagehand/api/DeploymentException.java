package dev.stagehand.api;

import java.util.List;

/**
 * The base of every error a deployment reports to its user. Subtypes say what kind of
 * error it is; each carries the {@link Location} it is about, and its message is fit to
 * print as is (no stack trace needed).
 */
public class DeploymentException extends RuntimeException {

    private final transient Location location;

    /**
     * @param message what went wrong, without the location (which {@link #getMessage} adds)
     * @param location where; {@link Location#UNKNOWN} or null when nowhere in particular
     */
    public DeploymentException(String message, Location location) {
        this(message, location, null);
    }

    /**
     * @param message what went wrong, without the location (which {@link #getMessage} adds)
     * @param location where; {@link Location#UNKNOWN} or null when nowhere in particular
     * @param cause the exception behind it, for the debug log
     */
    public DeploymentException(String message, Location location, Throwable cause) {
        super(message, cause);
        this.location = location == null ? Location.UNKNOWN : location;
    }

    /** {@return where the error is} */
    public Location location() {
        return location;
    }

    /** {@return the message without the location} */
    public String reason() {
        return super.getMessage();
    }

    /** {@return the problems this exception stands for; one unless a subtype collects several} */
    public List<Problem> problems() {
        return List.of(Problem.error(reason(), location));
    }

    /**
     * One line when there is one error, else a count and one indented line per error: the
     * message of exceptions that carry several problems.
     *
     * @param failed what failed, as the first words of the message
     * @param problems the errors
     * @return the message
     */
    protected static String summary(String failed, List<Problem> problems) {
        List<Problem> errors = problems.stream().filter(Problem::isError).toList();
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("no error among the problems");
        }
        if (errors.size() == 1) {
            return errors.get(0).toString();
        }
        StringBuilder text = new StringBuilder(failed).append(" with ").append(errors.size()).append(" errors:");
        errors.forEach(p -> text.append("\n  ").append(p));
        return text.toString();
    }

    /** {@code location: message}. */
    @Override
    public String getMessage() {
        return location == Location.UNKNOWN ? reason() : location + ": " + reason();
    }
}
