package dev.stagehand.api.event;

import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import java.time.Instant;

/** A thing that happened during a deployment. */
public sealed interface DeploymentEvent {

    /** When it happened. */
    Instant at();

    /** The deployment id. */
    String deploymentId();

    record DeploymentStarted(Instant at, String deploymentId, String root, int packages, int steps)
            implements DeploymentEvent {
    }

    /** The plan is made; {@code notice} says what the deployment will create or change (secrets masked). */
    record PlanReady(Instant at, String deploymentId, String root, String mode, int packages, int steps,
                     java.util.List<String> notice) implements DeploymentEvent {
    }

    record StageStarted(Instant at, String deploymentId, PipelineStage stage, int steps) implements DeploymentEvent {
    }

    record StageFinished(Instant at, String deploymentId, PipelineStage stage, boolean succeeded)
            implements DeploymentEvent {
    }

    record PackageStarted(Instant at, String deploymentId, PipelineStage stage, String packageId, String version)
            implements DeploymentEvent {
    }

    record PackageFinished(Instant at, String deploymentId, PipelineStage stage, String packageId, String version,
                           boolean succeeded) implements DeploymentEvent {
    }

    record StepStarted(Instant at, String deploymentId, PipelineStage stage, Location step) implements DeploymentEvent {
    }

    /** A step finished a stage; {@code detail} is the one-line result its handler gave, empty when none. */
    record StepSucceeded(Instant at, String deploymentId, PipelineStage stage, Location step, String detail)
            implements DeploymentEvent {
    }

    record StepFailed(Instant at, String deploymentId, PipelineStage stage, Location step, String message)
            implements DeploymentEvent {
    }

    record StepSkipped(Instant at, String deploymentId, PipelineStage stage, Location step, String reason)
            implements DeploymentEvent {
    }

    /** A warning or error reported by a handler or the engine. */
    record ProblemReported(Instant at, String deploymentId, Problem problem) implements DeploymentEvent {
    }

    /** Progress of long work inside a step (files copied, statements run). */
    record StepProgress(Instant at, String deploymentId, Location step, long done, long total, String unit)
            implements DeploymentEvent {
    }

    /** Something a step says the user should know about what it does (secrets masked). */
    record StepNotice(Instant at, String deploymentId, PipelineStage stage, Location step, String text)
            implements DeploymentEvent {
    }

    /**
     * One line a step's process wrote (a script's output or error stream), as it came, secrets
     * masked; {@code error} tells the error stream from the output.
     */
    record StepOutput(Instant at, String deploymentId, PipelineStage stage, Location step, boolean error, String line)
            implements DeploymentEvent {
    }

    record DeploymentFinished(Instant at, String deploymentId, boolean succeeded, String summary)
            implements DeploymentEvent {
    }
}
