package dev.stagehand.api;

/** How bad a {@link Problem} is. */
public enum Severity {
    /** Worth telling; the deployment goes on. */
    WARNING,
    /** The deployment (or the validation of a package) fails. */
    ERROR
}
