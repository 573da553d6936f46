package dev.stagehand.core.plan;

/**
 * A step a planned package will run.
 *
 * @param index   1-based index in its package
 * @param type    the step type
 * @param summary its main attributes, expanded where known, secrets masked
 */
public record PlannedStep(int index, String type, String summary) {
}
