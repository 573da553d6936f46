package dev.stagehand.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * The packages to deploy cannot be worked out: a missing package, conflicting version
 * constraints, a cycle. One exception carries every such problem found.
 */
public class ResolutionException extends DeploymentException {

    private final transient List<Problem> problems;

    public ResolutionException(String message, Location location) {
        super(message, location);
        this.problems = List.of(Problem.error(message, location));
    }

    /** Several problems, at least one an error. */
    public ResolutionException(List<Problem> problems) {
        super(summary(problems), Location.UNKNOWN);
        this.problems = List.copyOf(problems);
    }

    @Override
    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        List<Problem> errors = problems.stream().filter(Problem::isError).toList();
        if (errors.isEmpty()) {
            throw new IllegalArgumentException("no error among the problems");
        }
        if (errors.size() == 1) {
            return errors.get(0).toString();
        }
        return "resolution failed with " + errors.size() + " errors:\n"
                + errors.stream().map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
