package dev.stagehand.api.spi;

/**
 * Whether what a step does can be undone by an uninstall or a rollback. The plan shows the steps
 * that cannot; a rollback refuses (without {@code --force}) when one of them ran in a deployment
 * it would undo.
 */
public enum Reversibility {
    /** It records what it changes with the state before ({@link dev.stagehand.api.journal.FileUndo}), which the engine puts back. */
    REVERSIBLE,
    /** It changes nothing on the target (it tags the package's private copy, or names no script). */
    NO_CHANGES,
    /** What it does cannot be undone (an applied SQL patch, a script): the journal says so for it. */
    IRREVERSIBLE
}
