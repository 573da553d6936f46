package dev.stagehand.opcon;

import java.util.Arrays;

/** Where a scheduled deployment stands, as the Deployment table writes it. */
public enum DeploymentStatus {
    /** Recorded while OpCon is being asked to add its job; a scheduling that died midway stays here, never Scheduled. */
    SCHEDULING("Scheduling"),
    /** OpCon holds the job that runs it at its time. */
    SCHEDULED("Scheduled"),
    /** The job runs it now. */
    DEPLOYING("Deploying"),
    DEPLOYED("Deployed"),
    /** Scheduling or the deployment failed; the record's message says why. */
    FAILED("Failed"),
    CANCELLED("Cancelled");

    private final String text;

    DeploymentStatus(String text) {
        this.text = text;
    }

    /** The name the table and the output use. */
    public String text() {
        return text;
    }

    /** The status a table value names. */
    public static DeploymentStatus of(String text) {
        return Arrays.stream(values()).filter(s -> s.text.equalsIgnoreCase(text)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no deployment status '" + text + "'"));
    }

    @Override
    public String toString() {
        return text;
    }
}
