package dev.stagehand.core.journal;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A journal that lives as long as the object: for tests and dry runs. Thread-safe. */
public final class InMemoryDeploymentJournal implements DeploymentJournal {

    private final Map<String, InstalledPackage> installed = new LinkedHashMap<>();
    private final List<DeploymentRecord> deployments = new ArrayList<>();
    private final List<StepRecord> steps = new ArrayList<>();

    /** A journal saying these {@code id, version} pairs are installed. */
    public static InMemoryDeploymentJournal withInstalled(String... idThenVersion) {
        InMemoryDeploymentJournal journal = new InMemoryDeploymentJournal();
        for (int i = 0; i < idThenVersion.length; i += 2) {
            journal.packageInstalled(new InstalledPackage(idThenVersion[i], idThenVersion[i + 1], Instant.EPOCH, "test"));
        }
        return journal;
    }

    @Override
    public synchronized List<InstalledPackage> installedPackages() {
        return List.copyOf(installed.values());
    }

    @Override
    public synchronized List<DeploymentRecord> deployments() {
        List<DeploymentRecord> newestFirst = new ArrayList<>(deployments);
        java.util.Collections.reverse(newestFirst);
        return newestFirst;
    }

    @Override
    public synchronized void deploymentStarted(DeploymentRecord record) {
        deployments.add(record);
    }

    @Override
    public synchronized void deploymentFinished(DeploymentRecord record) {
        deployments.replaceAll(d -> d.id().equals(record.id()) ? record : d);
    }

    @Override
    public synchronized void stepCompleted(StepRecord record) {
        steps.add(record);
    }

    @Override
    public synchronized boolean isStepCompleted(String packageId, String version, int stepIndex, PipelineStage stage) {
        return steps.stream().anyMatch(s -> s.packageId().equalsIgnoreCase(packageId) && s.version().equals(version)
                && s.stepIndex() == stepIndex && s.stage() == stage);
    }

    @Override
    public synchronized void packageInstalled(InstalledPackage record) {
        installed.put(record.packageId().toLowerCase(Locale.ROOT), record);
        steps.removeIf(s -> s.packageId().equalsIgnoreCase(record.packageId()) && s.version().equals(record.version()));
    }
}
