package dev.stagehand.testkit;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import dev.stagehand.core.journal.InMemoryDeploymentJournal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** An in-memory journal that also keeps, for one run, every step record it is given. */
final class RecordingJournal implements DeploymentJournal {

    private final InMemoryDeploymentJournal delegate;
    private final List<StepRecord> recorded = new ArrayList<>();

    RecordingJournal(InMemoryDeploymentJournal delegate) {
        this.delegate = delegate;
    }

    InMemoryDeploymentJournal delegate() {
        return delegate;
    }

    synchronized void startRecording() {
        recorded.clear();
    }

    synchronized List<StepRecord> stopRecording() {
        return List.copyOf(recorded);
    }

    @Override
    public List<InstalledPackage> installedPackages() {
        return delegate.installedPackages();
    }

    @Override
    public List<DeploymentRecord> deployments() {
        return delegate.deployments();
    }

    @Override
    public void deploymentStarted(DeploymentRecord record) {
        delegate.deploymentStarted(record);
    }

    @Override
    public void deploymentFinished(DeploymentRecord record) {
        delegate.deploymentFinished(record);
    }

    @Override
    public synchronized void stepCompleted(StepRecord record) {
        recorded.add(record);
        delegate.stepCompleted(record);
    }

    @Override
    public Optional<StepRecord> completedStep(String packageId, String version, int stepIndex, PipelineStage stage,
                                              String target) {
        return delegate.completedStep(packageId, version, stepIndex, stage, target);
    }

    @Override
    public void packageInstalled(InstalledPackage installed) {
        delegate.packageInstalled(installed);
    }

    @Override
    public List<StepRecord> recordedChanges(String packageId) {
        return delegate.recordedChanges(packageId);
    }
}
