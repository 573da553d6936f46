package dev.stagehand.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A package, manifest, UI or parameters file that cannot be read as written; the location
 * names the file, line and column. One exception may carry several problems, so that the user
 * sees every error of a file at once.
 */
public class ManifestException extends DeploymentException {

    private final transient List<Problem> problems;

    /**
     * @param message what is wrong
     * @param location the file, line and column
     */
    public ManifestException(String message, Location location) {
        this(message, location, null);
    }

    /**
     * @param message what is wrong
     * @param location the file, line and column
     * @param cause the exception behind it (the parser's)
     */
    public ManifestException(String message, Location location, Throwable cause) {
        super(message, location, cause);
        this.problems = List.of(Problem.error(message, location));
    }

    /**
     * Several problems (at least one error); the first error gives the message and location.
     *
     * @param problems the problems found, errors and warnings
     */
    public ManifestException(List<Problem> problems) {
        super(first(problems).message() + more(problems), first(problems).location());
        this.problems = List.copyOf(problems);
    }

    @Override
    public List<Problem> problems() {
        return problems;
    }

    private static Problem first(List<Problem> problems) {
        return problems.stream().filter(Problem::isError).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no error among the problems"));
    }

    private static String more(List<Problem> problems) {
        List<Problem> errors = problems.stream().filter(Problem::isError).toList();
        if (errors.size() == 1) {
            return "";
        }
        return errors.stream().skip(1).map(p -> "\n  " + p).collect(Collectors.joining("", " (and " + (errors.size() - 1) + " more:", ")"));
    }
}
