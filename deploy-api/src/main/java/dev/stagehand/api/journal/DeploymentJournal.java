package dev.stagehand.api.journal;

import dev.stagehand.api.PipelineStage;
import java.util.List;
import java.util.Optional;

/**
 * What is installed on a target and what earlier deployments did. The engine reads it to
 * choose the install mode and versions, and writes to it as steps complete, so that a re-run
 * after a failure resumes. Implementations: files in a state folder (default), JDBC.
 */
public interface DeploymentJournal {

    /** Every package installed, one entry per id (its current version). */
    List<InstalledPackage> installedPackages();

    /** The installed version of a package, ignoring the case of its id. */
    default Optional<InstalledPackage> installed(String packageId) {
        return installedPackages().stream().filter(p -> p.packageId().equalsIgnoreCase(packageId)).findFirst();
    }

    /** Deployments, newest first. */
    List<DeploymentRecord> deployments();

    void deploymentStarted(DeploymentRecord record);

    void deploymentFinished(DeploymentRecord record);

    /** Records that a step finished a stage. */
    void stepCompleted(StepRecord record);

    /**
     * Whether a step of a package version finished a stage on a target, in a deployment not yet
     * completed for that version.
     */
    boolean isStepCompleted(String packageId, String version, int stepIndex, PipelineStage stage, String target);

    /** Records a package version as installed; clears its step records. */
    void packageInstalled(InstalledPackage installed);
}
