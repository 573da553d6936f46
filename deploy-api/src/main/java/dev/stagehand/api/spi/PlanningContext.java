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

    /** {@return the step as declared} */
    StepDescriptor step();

    /** {@return its package} */
    PackageManifest manifest();

    /** {@return the step's attributes with the variables that have values expanded (others left as written)} */
    Attributes attributes();

    /** {@return the deployment's variables, with the package's built-ins} */
    Variables variables();

    /** {@return the target the step will run on, for its path syntax ({@link DeploymentTarget#resolve}); do not change it} */
    DeploymentTarget target();
}
