package dev.stagehand.api;

/** A step failed in a stage; the location names the package and the step. */
public class StepFailedException extends DeploymentException {

    private final PipelineStage stage;

    public StepFailedException(String message, Location location, PipelineStage stage, Throwable cause) {
        super(message, location, cause);
        this.stage = stage;
    }

    /** The stage the step failed in. */
    public PipelineStage stage() {
        return stage;
    }
}
