package dev.stagehand.api.spi;

import dev.stagehand.api.Status;

/**
 * How a step and its deployment went, as its handler learns in Cleanup.
 *
 * @param step                the step's status: succeeded, failed, skipped or not run
 * @param deploymentSucceeded whether the whole deployment succeeded
 * @param message             why it failed or was skipped, empty otherwise (secrets masked)
 */
public record StepResult(Status step, boolean deploymentSucceeded, String message) {
}
