package dev.stagehand.core.result;

import dev.stagehand.api.Status;
import dev.stagehand.api.PipelineStage;

/**
 * What happened to one step.
 *
 * @param index   1-based index in its package
 * @param type    the step type
 * @param status  succeeded, failed, skipped, ...
 * @param stage   the stage it failed in or was skipped from; null when it succeeded
 * @param message why it failed or was skipped, or what it did (secrets masked)
 */
public record StepOutcome(int index, String type, Status status, PipelineStage stage, String message) {
}
