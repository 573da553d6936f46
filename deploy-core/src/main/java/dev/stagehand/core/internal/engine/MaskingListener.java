package dev.stagehand.core.internal.engine;

import dev.stagehand.api.Problem;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.event.DeploymentEvent.DeploymentFinished;
import dev.stagehand.api.event.DeploymentEvent.PlanReady;
import dev.stagehand.api.event.DeploymentEvent.ProblemReported;
import dev.stagehand.api.event.DeploymentEvent.StepFailed;
import dev.stagehand.api.event.DeploymentEvent.StepSkipped;
import dev.stagehand.api.event.DeploymentEvent.StepSucceeded;
import dev.stagehand.api.event.DeploymentListener;
import java.util.List;
import java.util.function.UnaryOperator;

/** Masks secrets in every text of every event before the listeners see it; handlers' events included. */
final class MaskingListener implements DeploymentListener {

    private final List<DeploymentListener> listeners;
    private final UnaryOperator<String> mask;

    MaskingListener(List<DeploymentListener> listeners, UnaryOperator<String> mask) {
        this.listeners = List.copyOf(listeners);
        this.mask = mask;
    }

    @Override
    public void onEvent(DeploymentEvent event) {
        DeploymentEvent masked = event;
        if (event instanceof PlanReady e) {
            masked = new PlanReady(e.at(), e.deploymentId(), e.root(), e.mode(), e.packages(), e.steps(),
                    e.notice().stream().map(mask).toList());
        } else if (event instanceof StepSucceeded e) {
            masked = new StepSucceeded(e.at(), e.deploymentId(), e.stage(), e.step(), mask.apply(e.detail()));
        } else if (event instanceof StepFailed e) {
            masked = new StepFailed(e.at(), e.deploymentId(), e.stage(), e.step(), mask.apply(e.message()));
        } else if (event instanceof StepSkipped e) {
            masked = new StepSkipped(e.at(), e.deploymentId(), e.stage(), e.step(), mask.apply(e.reason()));
        } else if (event instanceof ProblemReported e) {
            masked = new ProblemReported(e.at(), e.deploymentId(), new Problem(e.problem().severity(),
                    mask.apply(e.problem().message()), e.problem().location()));
        } else if (event instanceof DeploymentFinished e) {
            masked = new DeploymentFinished(e.at(), e.deploymentId(), e.succeeded(), mask.apply(e.summary()));
        }
        for (DeploymentListener listener : listeners) {
            listener.onEvent(masked);
        }
    }
}
