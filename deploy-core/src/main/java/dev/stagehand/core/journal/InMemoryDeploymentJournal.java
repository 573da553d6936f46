package dev.stagehand.core.journal;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.journal.DeploymentJournal;
import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A journal that lives as long as the object: for tests and dry runs. Thread-safe. Keeps the
 * step records with changes of the installed version of each package and of the version before
 * it, as the file and JDBC journals do.
 */
public final class InMemoryDeploymentJournal implements DeploymentJournal {

    private final Map<String, InstalledPackage> installed = new LinkedHashMap<>();
    private final Map<String, InstalledPackage> replaced = new HashMap<>();
    private final List<DeploymentRecord> deployments = new ArrayList<>();
    private final List<StepRecord> steps = new ArrayList<>();
    private final Map<String, List<StepRecord>> changes = new HashMap<>();
    /** The steps by key: the engine asks once per step and stage, which a scan makes quadratic. */
    private final Map<String, StepRecord> completed = new HashMap<>();

    private static String stepKey(String packageId, String version, int stepIndex, PipelineStage stage, String target) {
        return packageId.toLowerCase(Locale.ROOT) + '\u0000' + version + '\u0000' + stepIndex + '\u0000' + stage
                + '\u0000' + target;
    }

    private static String stepKey(StepRecord s) {
        return stepKey(s.packageId(), s.version(), s.stepIndex(), s.stage(), s.target());
    }

    /**
     * A journal saying these {@code id, version} pairs are installed.
     *
     * @param idThenVersion package ids and versions, alternating
     * @return the journal
     */
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
        Collections.reverse(newestFirst);
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
        completed.put(stepKey(record), record);
    }

    @Override
    public synchronized Optional<StepRecord> completedStep(String packageId, String version, int stepIndex,
                                                           PipelineStage stage, String target) {
        return Optional.ofNullable(completed.get(stepKey(packageId, version, stepIndex, stage, target)));
    }

    @Override
    public synchronized void packageInstalled(InstalledPackage record) {
        String id = record.packageId().toLowerCase(Locale.ROOT);
        InstalledPackage before = installed.put(id, record);
        String previous = before == null ? null : before.version();
        if (before != null && !before.version().equals(record.version())) {
            replaced.put(id, before);
        }
        List<StepRecord> ofVersion = ChangeRetention.ofVersion(steps, record);
        changes.put(id, ChangeRetention.kept(changes.getOrDefault(id, List.of()), previous, record, ofVersion));
        // By the predicate, not removeAll(ofVersion): that compares every record with every other.
        steps.removeIf(s -> ChangeRetention.isOf(s, record));
        ofVersion.forEach(s -> completed.remove(stepKey(s)));
    }

    @Override
    public synchronized Optional<InstalledPackage> replacedVersion(String packageId) {
        return Optional.ofNullable(replaced.get(packageId.toLowerCase(Locale.ROOT)));
    }

    @Override
    public synchronized void packageRemoved(String packageId, InstalledPackage restored) {
        String id = packageId.toLowerCase(Locale.ROOT);
        installed.remove(id);
        replaced.remove(id);
        if (restored == null) {
            changes.remove(id);
        } else {
            installed.put(id, restored);
            changes.computeIfPresent(id, (key, kept) -> kept.stream()
                    .filter(r -> r.version().equals(restored.version())).toList());
        }
        steps.removeIf(s -> s.packageId().equalsIgnoreCase(packageId));
        completed.values().removeIf(s -> s.packageId().equalsIgnoreCase(packageId));
    }

    @Override
    public synchronized void stepsUndone(String deploymentId) {
        steps.removeIf(s -> s.deploymentId().equals(deploymentId));
        completed.values().removeIf(s -> s.deploymentId().equals(deploymentId));
    }

    @Override
    public synchronized List<StepRecord> recordedChanges(String packageId) {
        return List.copyOf(changes.getOrDefault(packageId.toLowerCase(Locale.ROOT), List.of()));
    }
}
