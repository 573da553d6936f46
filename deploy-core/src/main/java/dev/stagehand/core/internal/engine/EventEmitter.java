package dev.stagehand.core.internal.engine;

import dev.stagehand.api.Problem;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.event.DeploymentEvent.DeploymentFinished;
import dev.stagehand.api.event.DeploymentEvent.DeploymentStarted;
import dev.stagehand.api.event.DeploymentEvent.PlanReady;
import dev.stagehand.api.event.DeploymentEvent.ProblemReported;
import dev.stagehand.api.event.DeploymentEvent.StepFailed;
import dev.stagehand.api.event.DeploymentEvent.StepNotice;
import dev.stagehand.api.event.DeploymentEvent.StepOutput;
import dev.stagehand.api.event.DeploymentEvent.StepSkipped;
import dev.stagehand.api.event.DeploymentEvent.StepSucceeded;
import dev.stagehand.api.event.DeploymentListener;
import java.util.List;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one path of every event of a deployment to its listeners: secrets are masked in every text
 * first, and a listener that fails is logged and does not stop the deployment nor the other
 * listeners.
 */
public final class EventEmitter {

    private static final Logger LOG = LoggerFactory.getLogger(EventEmitter.class);

    private final List<DeploymentListener> listeners;
    private final UnaryOperator<String> mask;

    public EventEmitter(List<DeploymentListener> listeners, UnaryOperator<String> mask) {
        this.listeners = List.copyOf(listeners);
        this.mask = mask;
    }

    public void emit(DeploymentEvent event) {
        DeploymentEvent masked = masked(event);
        for (DeploymentListener listener : listeners) {
            try {
                listener.onEvent(masked);
            } catch (RuntimeException | LinkageError e) {
                // A listener from a plugin jar may miss a class it needs: that is its failure, not the deployment's.
                LOG.warn("a deployment listener ({}) failed on {}: {}", listener.getClass().getName(),
                        event.getClass().getSimpleName(), mask.apply(e.toString()));
            }
        }
    }

    private DeploymentEvent masked(DeploymentEvent event) {
        if (event instanceof DeploymentStarted e) {
            return new DeploymentStarted(e.at(), e.deploymentId(), mask.apply(e.root()), e.packages(), e.steps());
        } else if (event instanceof PlanReady e) {
            return new PlanReady(e.at(), e.deploymentId(), e.root(), e.mode(), e.packages(), e.steps(),
                    e.notice().stream().map(mask).toList());
        } else if (event instanceof StepSucceeded e) {
            return new StepSucceeded(e.at(), e.deploymentId(), e.stage(), e.step(), mask.apply(e.detail()));
        } else if (event instanceof StepFailed e) {
            return new StepFailed(e.at(), e.deploymentId(), e.stage(), e.step(), mask.apply(e.message()));
        } else if (event instanceof StepSkipped e) {
            return new StepSkipped(e.at(), e.deploymentId(), e.stage(), e.step(), mask.apply(e.reason()));
        } else if (event instanceof StepNotice e) {
            return new StepNotice(e.at(), e.deploymentId(), e.stage(), e.step(), mask.apply(e.text()));
        } else if (event instanceof StepOutput e) {
            return new StepOutput(e.at(), e.deploymentId(), e.stage(), e.step(), e.error(), mask.apply(e.line()));
        } else if (event instanceof ProblemReported e) {
            return new ProblemReported(e.at(), e.deploymentId(), new Problem(e.problem().severity(),
                    mask.apply(e.problem().message()), e.problem().location()));
        } else if (event instanceof DeploymentFinished e) {
            return new DeploymentFinished(e.at(), e.deploymentId(), e.succeeded(), mask.apply(e.summary()));
        }
        return event;
    }
}
