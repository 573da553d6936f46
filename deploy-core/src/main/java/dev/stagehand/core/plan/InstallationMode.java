package dev.stagehand.core.plan;

/** Whether a deployment starts from nothing or upgrades a system. */
public enum InstallationMode {
    /** None of the planned packages is installed on the target. */
    CLEAN,
    /** At least one of them is. */
    UPGRADE
}
