package dev.stagehand.api.spi;

import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.event.DeploymentListener;
import dev.stagehand.api.model.Attributes;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.target.DeploymentTarget;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * Everything a step handler may use while it handles one step in one stage.
 */
public interface StepContext {

    /** The stage being run. */
    PipelineStage stage();

    /** The step as declared (raw attribute values). */
    StepDescriptor step();

    /** The package the step belongs to. */
    PackageManifest manifest();

    /** Where this step is: manifest file, package and step; use it in exceptions and problems. */
    Location location();

    /** The step's attributes with {@code $(...)} expanded. */
    Attributes attributes();

    /** One expanded attribute, ignoring the case of its name. */
    default Optional<String> attribute(String name) {
        return attributes().get(name);
    }

    /** One expanded attribute that must be present; a clear error naming the step when it is not. */
    String requiredAttribute(String name);

    /** The package's files. */
    PackageContent content();

    /** The deployment's variables (parameters, UI defaults, built-ins). */
    Variables variables();

    /** The target the step deploys onto; every change to the target goes through it. */
    DeploymentTarget target();

    /** The mode of this package: new, upgrade, and from which version. */
    InstallMode installMode();

    /** A logger whose output has every secret masked. */
    Logger log();

    /** Where events go (progress, warnings). */
    DeploymentListener listener();

    /** Collects validation problems (and warnings in any stage) with this step's location. */
    ProblemReporter problems();

    /** A private working folder on the deployer's machine for this step, removed in Cleanup. */
    Path workDirectory();

    /**
     * A folder on the deployer's machine kept between deployments of the same state folder, for
     * caches that make a re-run cheap (the fingerprints of deployed files, say). Anything in it
     * may be deleted at any time; a handler must work without it.
     */
    Path cacheDirectory();

    /** State this step keeps from one stage to the next (the handler instance is shared). */
    Map<String, Object> state();

    /**
     * Records something this step created or changed on the target (a file written, a patch
     * applied); the journal keeps it with the step, for uninstall and for re-runs.
     */
    void recordChange(dev.stagehand.api.journal.ChangeRecord change);

    /** The script handlers known to the engine, for steps that run scripts (Generic). */
    ScriptHandlers scriptHandlers();

    /** The id of the running deployment (also the built-in variable {@code Deployment.Id}). */
    String deploymentId();

    /** True when the deployment only plans and validates and must change nothing. */
    boolean dryRun();
}
