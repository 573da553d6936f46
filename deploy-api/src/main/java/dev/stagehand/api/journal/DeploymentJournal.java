package dev.stagehand.api.journal;

import dev.stagehand.api.PipelineStage;
import java.util.List;
import java.util.Optional;

/**
 * What is installed on a target and what earlier deployments did. The engine reads it to
 * choose the install mode and versions, and writes to it as steps complete, so that a re-run
 * after a failure resumes. Implementations: files in a state folder (default), JDBC. A journal
 * that cannot be read or written throws {@link dev.stagehand.api.JournalException}.
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
     * The record of a step of a package version that finished a stage on a target, in a deployment
     * that has not yet installed that version; empty when there is none.
     */
    Optional<StepRecord> completedStep(String packageId, String version, int stepIndex, PipelineStage stage,
                                       String target);

    /**
     * Records a package version as installed. Its step records stop counting as completed work
     * (a later deployment of the version runs its steps again); those that recorded changes are
     * kept (see {@link #recordedChanges}), for uninstall and for later deployments of the package.
     */
    void packageInstalled(InstalledPackage installed);

    /**
     * The step records with changes of a package's installed version and of the version it
     * replaced, oldest first: what its earlier deployments created or changed. Older versions'
     * records are dropped when a newer one is installed.
     */
    List<StepRecord> recordedChanges(String packageId);
}
