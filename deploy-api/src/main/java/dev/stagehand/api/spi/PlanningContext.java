package dev.stagehand.api.spi;

import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.target.DeploymentTarget;

/**
 * What a handler is handed when the plan asks what one of its steps will create or change.
 * Nothing may be changed here, and nothing slow done: planning touches no target.
 */
public interface PlanningContext {

    /** The step as declared. */
    StepDescriptor step();

    /** Its package. */
    PackageManifest manifest();

    /** The step's attributes with the variables that have values expanded (others left as written). */
    Attributes attributes();

    /** The deployment's variables, with the package's built-ins. */
    Variables variables();

    /** The target the step will run on, for its path syntax ({@link DeploymentTarget#resolve}); do not change it. */
    DeploymentTarget target();
}
