package dev.stagehand.api;

import java.util.List;
import java.util.stream.Collectors;

/** The Validate stage found problems; it carries every one of them, so that a single report lists them all. */
public class ValidationException extends DeploymentException {

    private final transient List<Problem> problems;

    public ValidationException(List<Problem> problems) {
        super(summary(problems), Location.UNKNOWN);
        this.problems = List.copyOf(problems);
    }

    @Override
    public List<Problem> problems() {
        return problems;
    }

    private static String summary(List<Problem> problems) {
        long errors = problems.stream().filter(Problem::isError).count();
        return "validation failed with " + errors + (errors == 1 ? " error" : " errors") + ":\n"
                + problems.stream().filter(Problem::isError).map(p -> "  " + p).collect(Collectors.joining("\n"));
    }
}
