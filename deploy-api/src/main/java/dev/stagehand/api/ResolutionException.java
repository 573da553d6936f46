package dev.stagehand.api;

import java.util.List;

/**
 * The packages to deploy cannot be worked out: a missing package, conflicting version
 * constraints, a cycle. One exception carries every such problem found.
 */
public class ResolutionException extends DeploymentException {

    private final transient List<Problem> problems;

    /**
     * @param message what could not be resolved
     * @param location the package or file it is about
     */
    public ResolutionException(String message, Location location) {
        super(message, location);
        this.problems = List.of(Problem.error(message, location));
    }

    /**
     * Several problems, at least one an error.
     *
     * @param problems the problems; the first error gives the message and location
     */
    public ResolutionException(List<Problem> problems) {
        super(summary("resolution failed", problems), Location.UNKNOWN);
        this.problems = List.copyOf(problems);
    }

    @Override
    public List<Problem> problems() {
        return problems;
    }

}
