package dev.stagehand.api;

/** A step failed in a stage; the location names the package and the step. */
public class StepFailedException extends DeploymentException {

    /** The stage the step failed in. */
    private final PipelineStage stage;

    /**
     * @param message what went wrong
     * @param location the package and step
     * @param stage the stage it failed in
     * @param cause the exception behind it, null when none
     */
    public StepFailedException(String message, Location location, PipelineStage stage, Throwable cause) {
        super(message, location, cause);
        this.stage = stage;
    }

    /** {@return the stage the step failed in} */
    public PipelineStage stage() {
        return stage;
    }
}
