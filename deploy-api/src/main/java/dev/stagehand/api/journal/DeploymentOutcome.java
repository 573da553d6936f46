package dev.stagehand.api.journal;

/** How a deployment ended, as the journal and the result say it. */
public enum DeploymentOutcome {
    /** Still running (or killed before it could say otherwise). */
    RUNNING,
    /** Every package it ran succeeded. */
    SUCCEEDED,
    /** Nothing it ran succeeded, or Validate stopped it. */
    FAILED,
    /** Some packages succeeded, others failed or were skipped ({@code --on-error continue}). */
    PARTIAL,
    /**
     * Its process ended before it could say how it ended (killed, or the machine went down); set
     * by the deployment that took its lock over, which also removed its work folder.
     */
    INTERRUPTED
}
