package dev.stagehand.opcon;

/** What a scheduled deployment deploys, which chooses the OpCon job of {@code BATCH_DEPLOY} that runs it. */
public enum DeploymentKind {
    /** One package and its dependencies. */
    PACKAGE("DEPLOY_PACKAGE"),
    /** A root package that only aggregates a system through DeployPackage steps. */
    SCHEDULE("DEPLOY_SCHEDULE");

    private final String jobName;

    DeploymentKind(String jobName) {
        this.jobName = jobName;
    }

    /** The job of the {@code BATCH_DEPLOY} schedule that runs it. */
    public String jobName() {
        return jobName;
    }
}
