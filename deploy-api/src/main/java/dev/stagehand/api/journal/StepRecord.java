package dev.stagehand.api.journal;

import dev.stagehand.api.PipelineStage;
import java.time.Instant;
import java.util.List;

/**
 * A step that finished a stage, so a resumed deployment does not redo it, with what it changed.
 *
 * @param packageId    the package
 * @param version      the package version
 * @param stepIndex    1-based step index
 * @param stepType     the step type
 * @param stage        the stage completed
 * @param target       the name of the target it ran on ({@link dev.stagehand.api.target.DeploymentTarget#name()})
 * @param completedAt  when
 * @param deploymentId by which deployment
 * @param changes      what the step created or changed in that stage
 * @param fingerprint  a keyed hash of the step's inputs when it ran (its expanded attributes and inner
 *                     elements, the variables they use, the package files it reads); a resumed
 *                     deployment runs the step again when its inputs now give another one. Null in
 *                     records written before fingerprints existed.
 */
public record StepRecord(String packageId, String version, int stepIndex, String stepType, PipelineStage stage,
                         String target, Instant completedAt, String deploymentId, List<ChangeRecord> changes,
                         String fingerprint) {

    /**
     * Copies the changes (none when null), so that the record stays unchanged.
     *
     * @param packageId the package
     * @param version the package version
     * @param stepIndex 1-based step index
     * @param stepType the step type
     * @param stage the stage completed
     * @param target the name of the target it ran on
     *               ({@link dev.stagehand.api.target.DeploymentTarget#name()})
     * @param completedAt when
     * @param deploymentId by which deployment
     * @param changes what the step created or changed in that stage
     * @param fingerprint a keyed hash of the step's inputs when it ran (its expanded attributes and inner
     *                    elements, the variables they use, the package files it reads); a resumed deployment
     *                    runs the step again when its inputs now give another one. Null in records written
     *                    before fingerprints existed.
     */
    public StepRecord {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }
}
