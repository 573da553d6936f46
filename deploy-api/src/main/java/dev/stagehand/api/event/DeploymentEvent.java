package dev.stagehand.api.event;

import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import java.time.Instant;

/** A thing that happened during a deployment. */
public sealed interface DeploymentEvent {

    /** {@return when it happened} */
    Instant at();

    /** {@return the deployment id} */
    String deploymentId();

    /**
     * The deployment began.
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param root the root package, {@code id@version}
     * @param packages how many package versions it deploys (up-to-date ones left out)
     * @param steps how many steps those have in all
     */
    record DeploymentStarted(Instant at, String deploymentId, String root, int packages, int steps)
            implements DeploymentEvent {
    }

    /**
     * The plan is made; {@code notice} says what the deployment will create or change (secrets masked).
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param root the root package, {@code id@version}
     * @param mode {@code clean} when none of the planned packages is installed yet, else {@code upgrade}
     * @param packages how many package versions it deploys (up-to-date ones left out)
     * @param steps how many steps those have in all
     * @param notice the preparation notice, one line each
     */
    record PlanReady(Instant at, String deploymentId, String root, String mode, int packages, int steps,
                     java.util.List<String> notice) implements DeploymentEvent {
    }

    /**
     * Every step is about to run a stage.
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param stage the stage
     * @param steps how many steps run it
     */
    record StageStarted(Instant at, String deploymentId, PipelineStage stage, int steps) implements DeploymentEvent {
    }

    /**
     * Every step has run a stage, or one failed it.
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param stage the stage
     * @param succeeded false when a step failed it
     */
    record StageFinished(Instant at, String deploymentId, PipelineStage stage, boolean succeeded)
            implements DeploymentEvent {
    }

    /**
     * A package's steps are about to run a stage.
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param stage the stage
     * @param packageId the package's id
     * @param version its version
     */
    record PackageStarted(Instant at, String deploymentId, PipelineStage stage, String packageId, String version)
            implements DeploymentEvent {
    }

    /**
     * A package's steps have run a stage.
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param stage the stage
     * @param packageId the package's id
     * @param version its version
     * @param succeeded false when one of its steps failed
     */
    record PackageFinished(Instant at, String deploymentId, PipelineStage stage, String packageId, String version,
                           boolean succeeded) implements DeploymentEvent {
    }

    /**
     * A step is about to run a stage.
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param stage the stage
     * @param step the step
     */
    record StepStarted(Instant at, String deploymentId, PipelineStage stage, Location step) implements DeploymentEvent {
    }

    /**
     * A step finished a stage; {@code detail} is the one-line result its handler gave, empty when none.
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param stage the stage
     * @param step the step
     * @param detail the handler's one-line result, empty when none
     */
    record StepSucceeded(Instant at, String deploymentId, PipelineStage stage, Location step, String detail)
            implements DeploymentEvent {
    }

    /**
     * A step failed a stage.
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param stage the stage
     * @param step the step
     * @param message why, secrets masked
     */
    record StepFailed(Instant at, String deploymentId, PipelineStage stage, Location step, String message)
            implements DeploymentEvent {
    }

    /**
     * A step did not run a stage: an earlier run completed it, and its inputs have not changed since.
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param stage the stage
     * @param step the step
     * @param reason why, for the user
     */
    record StepSkipped(Instant at, String deploymentId, PipelineStage stage, Location step, String reason)
            implements DeploymentEvent {
    }

    /**
     * A warning or error reported by a handler or the engine.
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param problem the problem, with its location
     */
    record ProblemReported(Instant at, String deploymentId, Problem problem) implements DeploymentEvent {
    }

    /**
     * Progress of long work inside a step (files copied, statements run).
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param step the step
     * @param done how much is done so far
     * @param total how much there is in all
     * @param unit what is counted
     */
    record StepProgress(Instant at, String deploymentId, Location step, long done, long total, String unit)
            implements DeploymentEvent {
    }

    /**
     * Something a step says the user should know about what it does (secrets masked).
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param stage the stage
     * @param step the step
     * @param text the notice
     */
    record StepNotice(Instant at, String deploymentId, PipelineStage stage, Location step, String text)
            implements DeploymentEvent {
    }

    /**
     * One line a step's process wrote (a script's output or error stream), as it came, secrets
     * masked; {@code error} tells the error stream from the output.
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param stage the stage
     * @param step the step
     * @param error true for the error stream
     * @param line the line, without its line break
     */
    record StepOutput(Instant at, String deploymentId, PipelineStage stage, Location step, boolean error, String line)
            implements DeploymentEvent {
    }

    /**
     * The deployment ended, whatever happened.
     *
     * @param at when
     * @param deploymentId the deployment id
     * @param succeeded true when every package it ran succeeded
     * @param summary one line for the user: how many packages succeeded, failed, were skipped
     */
    record DeploymentFinished(Instant at, String deploymentId, boolean succeeded, String summary)
            implements DeploymentEvent {
    }
}
