package dev.stagehand.testkit;

import dev.stagehand.api.Problem;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.journal.ChangeRecord;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.core.result.DeploymentResult;
import dev.stagehand.core.result.PackageOutcome;
import dev.stagehand.core.result.StepOutcome;
import java.util.List;
import java.util.stream.Collectors;

/**
 * What a {@link StepHarness} run did.
 *
 * @param result the deployment's result, as the embedding API returns it
 * @param events every event, in order (secrets masked, as listeners get them)
 * @param steps  the step records the journal received in this run, with their changes
 */
public record HarnessResult(DeploymentResult result, List<DeploymentEvent> events, List<StepRecord> steps) {

    /**
     * Copies the events and step records, so that the result stays unchanged.
     *
     * @param result the deployment's result, as the embedding API returns it
     * @param events every event, in order (secrets masked, as listeners get them)
     * @param steps the step records the journal received in this run, with their changes
     */
    public HarnessResult {
        events = List.copyOf(events);
        steps = List.copyOf(steps);
    }

    /** {@return true when every package succeeded} */
    public boolean succeeded() {
        return result.succeeded();
    }

    /** {@return every problem reported, errors and warnings, in order} */
    public List<Problem> problems() {
        return result.problems();
    }

    /** {@return the errors among the problems} */
    public List<Problem> errors() {
        return result.problems().stream().filter(Problem::isError).toList();
    }

    /** {@return the warnings among the problems} */
    public List<Problem> warnings() {
        return result.problems().stream().filter(p -> !p.isError()).toList();
    }

    /**
     * {@return every change the steps recorded in this run; not the engine's own {@code irreversible}
     * marks ({@link #steps()} has them)}
     */
    public List<ChangeRecord> changes() {
        return steps.stream().flatMap(s -> s.changes().stream())
                .filter(c -> !ChangeRecord.IRREVERSIBLE.equals(c.kind())).toList();
    }

    /**
     * The events of one type, in order.
     *
     * @param <E> the event type
     * @param type the event type, e.g. {@code DeploymentEvent.StepFailed.class}
     * @return those events; empty when there were none
     */
    public <E extends DeploymentEvent> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    /**
     * The outcome of a package version, by id (the last of its versions in the plan).
     *
     * @param packageId the package's id, in any case
     * @return its outcome
     * @throws AssertionError when the package is not in the plan, so that the test fails saying so
     */
    public PackageOutcome outcome(String packageId) {
        return result.packages().stream().filter(p -> p.id().equalsIgnoreCase(packageId))
                .reduce((first, second) -> second).orElseThrow(() -> new AssertionError(packageId
                        + " is not in the plan: " + result.packages()));
    }

    /**
     * The outcome of a step of a package, by its 1-based index.
     *
     * @param packageId the package's id, in any case
     * @param index the step's 1-based index in the package
     * @return its outcome
     * @throws AssertionError when the package or step is not in the plan
     */
    public StepOutcome step(String packageId, int index) {
        return outcome(packageId).steps().stream().filter(s -> s.index() == index).findFirst()
                .orElseThrow(() -> new AssertionError(packageId + " has no step " + index));
    }

    /** {@return the outcome of the root package's step 1: the step {@link StepHarness#forStep} makes, say} */
    public StepOutcome step() {
        return step(result.plan().rootId(), 1);
    }

    /** {@return what happened, for assertion messages: the outcome, every package and step, every problem} */
    public String report() {
        StringBuilder out = new StringBuilder(result.outcome() + ": " + result.summary());
        for (PackageOutcome p : result.packages()) {
            out.append("\n  ").append(p.status()).append(' ').append(p.coordinates())
                    .append(p.reason().isEmpty() ? "" : " (" + p.reason() + ")");
            p.steps().forEach(s -> out.append("\n    step ").append(s.index()).append(' ').append(s.type()).append(": ")
                    .append(s.status()).append(s.message().isEmpty() ? "" : " - " + s.message()));
        }
        out.append(result.problems().stream().map(Problem::toString).collect(Collectors.joining("\n  ", "\n  ", "")));
        return out.toString();
    }
}
