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

    /** {@return every package installed, one entry per id (its current version)} */
    List<InstalledPackage> installedPackages();

    /**
     * The installed version of a package, ignoring the case of its id.
     *
     * @param packageId the package's id, in any case
     * @return what is installed of it; empty when nothing is
     */
    default Optional<InstalledPackage> installed(String packageId) {
        return installedPackages().stream().filter(p -> p.packageId().equalsIgnoreCase(packageId)).findFirst();
    }

    /**
     * Deployments, newest first.
     *
     * @return every deployment recorded, running ones included
     */
    List<DeploymentRecord> deployments();

    /**
     * Records that a deployment started, before its first stage, so that one that never finishes
     * shows as running (and is found interrupted by the next).
     *
     * @param record the deployment, {@link DeploymentOutcome#RUNNING}
     */
    void deploymentStarted(DeploymentRecord record);

    /**
     * Records how a deployment ended, replacing the record {@link #deploymentStarted} wrote.
     *
     * @param record the same deployment with its outcome and end time
     */
    void deploymentFinished(DeploymentRecord record);

    /**
     * Records that a step finished a stage.
     *
     * @param record the step, package version, stage, target and the changes it recorded
     */
    void stepCompleted(StepRecord record);

    /**
     * The record of a step of a package version that finished a stage on a target, in a deployment
     * that has not yet installed that version; empty when there is none.
     *
     * @param packageId the package's id
     * @param version the version being deployed
     * @param stepIndex the step's number in the package's manifest
     * @param stage the stage
     * @param target the target's name
     * @return the step's record, for a resumed deployment to skip work already done
     */
    Optional<StepRecord> completedStep(String packageId, String version, int stepIndex, PipelineStage stage,
                                       String target);

    /**
     * Records a package version as installed. Its step records stop counting as completed work
     * (a later deployment of the version runs its steps again); those that recorded changes are
     * kept (see {@link #recordedChanges}), for uninstall and for later deployments of the package.
     *
     * @param installed the package version, when and by which deployment
     */
    void packageInstalled(InstalledPackage installed);

    /**
     * The step records with changes of a package's installed version and of the version it
     * replaced, oldest first: what its earlier deployments created or changed. Older versions'
     * records are dropped when a newer one is installed.
     *
     * @param packageId the package's id, in any case
     * @return the records, oldest first; empty when nothing was recorded
     */
    List<StepRecord> recordedChanges(String packageId);

    /**
     * The version an installed package replaced (its record as it was installed), so that a
     * rollback of the upgrade can say it is installed again; empty when none, or when this
     * journal does not keep it.
     *
     * @param packageId the package
     * @return the record of the version its installed version replaced
     */
    default Optional<InstalledPackage> replacedVersion(String packageId) {
        return Optional.empty();
    }

    /**
     * Records that an uninstall or a rollback undid a package's installed version: the package
     * is installed at {@code restored} again, or (null) not any more. Its change records of the
     * undone versions and its step records are dropped.
     *
     * @param packageId the package undone
     * @param restored  the version installed again, or null when none is
     * @throws UnsupportedOperationException when this journal cannot record it (the default)
     */
    default void packageRemoved(String packageId, InstalledPackage restored) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot record an uninstall or a"
                + " rollback");
    }

    /**
     * Forgets the step records of a deployment whose changes were undone in the same run
     * ({@code --on-error rollback}), so that the next deployment runs those steps again.
     *
     * @param deploymentId the deployment whose changes were undone
     * @throws UnsupportedOperationException when this journal cannot (the default)
     */
    default void stepsUndone(String deploymentId) {
        throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot forget undone steps");
    }

    /**
     * Takes the lock that lets one deployment at a time write this journal, wherever the
     * deployments that share it run: a file journal locks its folder, a database journal takes a
     * database lock. A holder proved dead ({@link LockHolder#provedDead()}, a database session that
     * ended) is taken over at once, with a warning naming it; any other holder after
     * {@link LockRequest#expiry()} without a heartbeat. Once the lock is held, deployments the
     * journal still shows as {@link DeploymentOutcome#RUNNING} were interrupted, and the engine
     * closes them so.
     *
     * @return empty when this journal has no lock of its own: the engine then locks its state
     *         folder, which keeps out only the deployments that share that folder
     * @param request who asks and how long to wait
     * @throws InterruptedException when the thread is interrupted while waiting for the lock
     * @throws dev.stagehand.api.DeploymentException naming the holder when the lock stays taken
     *                                               for {@link LockRequest#maxWait()}
     * @throws dev.stagehand.api.JournalException    when the lock cannot be taken for another reason
     */
    default Optional<JournalLock> lock(LockRequest request) throws InterruptedException {
        return Optional.empty();
    }
}
