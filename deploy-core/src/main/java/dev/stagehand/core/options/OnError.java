package dev.stagehand.core.options;

/** What a deployment does when a step fails in Prepare, Execute or Complete. */
public enum OnError {
    /** Stop; run Cleanup; report. The default. */
    ABORT,
    /** Skip the rest of the failed package and of the packages that depend on it; go on with the others. */
    CONTINUE,
    /** Stop, then undo what this run did, newest first; report the failure, the rollback and what it could not undo. */
    ROLLBACK
}
