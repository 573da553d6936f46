package dev.stagehand.core.plan;

import dev.stagehand.api.spi.Reversibility;

/**
 * A step a planned package will run.
 *
 * @param index   1-based index in its package
 * @param type    the step type
 * @param summary its main attributes, expanded where known, secrets masked
 * @param undo    whether an uninstall or a rollback can undo it (its handler says)
 */
public record PlannedStep(int index, String type, String summary, Reversibility undo) {

    /**
     * A step whose handler said nothing is taken as one that cannot be undone.
     *
     * @param index   1-based index in its package
     * @param type    the step type
     * @param summary its main attributes, expanded where known, secrets masked
     * @param undo    whether an uninstall or a rollback can undo it; null for cannot
     */
    public PlannedStep {
        undo = undo == null ? Reversibility.IRREVERSIBLE : undo;
    }

    /** {@return whether what it does cannot be undone} */
    public boolean irreversible() {
        return undo == Reversibility.IRREVERSIBLE;
    }
}
