package dev.stagehand.api;

import java.util.List;

/** The Validate stage found problems; it carries every one of them, so that a single report lists them all. */
public class ValidationException extends DeploymentException {

    private final transient List<Problem> problems;

    /**
     * @param problems every problem Validate found, at least one an error
     */
    public ValidationException(List<Problem> problems) {
        super(summary("validation failed", problems), Location.UNKNOWN);
        this.problems = List.copyOf(problems);
    }

    @Override
    public List<Problem> problems() {
        return problems;
    }

}
