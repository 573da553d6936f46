package dev.stagehand.api;

import java.util.List;

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
        super(summary("resolution failed", problems), Location.UNKNOWN);
        this.problems = List.copyOf(problems);
    }

    @Override
    public List<Problem> problems() {
        return problems;
    }

}
