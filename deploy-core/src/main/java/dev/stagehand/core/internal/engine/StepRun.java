package dev.stagehand.core.internal.engine;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Status;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.target.DeploymentTarget;
import java.util.EnumSet;
import java.util.Set;

/** One step being run on one target. */
final class StepRun {

    final StepDescriptor step;
    final StepHandler handler;
    final DeploymentTarget target;
    final Set<PipelineStage> stages;
    /** Position of the step in plan order (all packages), for what earlier steps plan to create. */
    final int order;
    /** Null when the step cannot run: no handler, or it uses a variable without value. */
    DefaultStepContext context;
    Status status = Status.SUCCEEDED;
    PipelineStage stage;
    PipelineStage completedThrough;
    boolean resumed;
    /** Whether this run journaled the step's irreversible record already. */
    boolean markedIrreversible;
    String message = "";
    String detail = "";
    /** Why the step cannot run (no handler, a variable without value); null when it can. */
    String unrunnable;
    private String fingerprint;

    StepRun(StepDescriptor step, StepHandler handler, DeploymentTarget target, int order) {
        this.step = step;
        this.handler = handler;
        this.target = target;
        this.order = order;
        this.stages = handler == null ? EnumSet.noneOf(PipelineStage.class) : StageSupport.stages(handler);
    }

    /** Whether the handler does anything in {@code stage} (and the step can run at all). */
    boolean runsIn(PipelineStage stage) {
        return context != null && stages.contains(stage);
    }

    /** The fingerprint of the step's inputs, computed on first need (after earlier stages changed its files). */
    String fingerprint(Deployment deployment) throws Exception {
        if (fingerprint == null) {
            fingerprint = StepFingerprint.of(deployment, this);
        }
        return fingerprint;
    }
}
