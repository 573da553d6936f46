package dev.stagehand.api.journal;

import dev.stagehand.api.PipelineStage;
import java.time.Instant;

/**
 * A step that finished a stage, so a resumed deployment does not redo it.
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
 */
public record StepRecord(String packageId, String version, int stepIndex, String stepType, PipelineStage stage,
                         String target, Instant completedAt, String deploymentId, java.util.List<ChangeRecord> changes) {

    public StepRecord {
        changes = changes == null ? java.util.List.of() : java.util.List.copyOf(changes);
    }
}
