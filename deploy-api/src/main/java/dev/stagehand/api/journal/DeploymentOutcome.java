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
    PARTIAL
}
