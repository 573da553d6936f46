package dev.stagehand.api;

/** What happened to a package version or a step in a deployment. */
public enum Status {
    /** Ran every stage without error. */
    SUCCEEDED,
    /** Failed; the outcome says in which stage and why. */
    FAILED,
    /** Not run, for the reason the outcome gives (a failure before it, a failed dependency). */
    SKIPPED,
    /** Installed already at the selected version. */
    UP_TO_DATE,
    /** A dry run, or a deployment stopped by Validate: planned, nothing changed. */
    NOT_RUN
}
