package dev.stagehand.api.spi;

import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.target.DeploymentTarget;
import java.util.List;
import org.slf4j.Logger;

/** What {@link StepHandler#afterPackage} is handed: one package, after one stage of all its steps. */
public interface PackageContext {

    PipelineStage stage();

    PackageManifest manifest();

    /** The package's location, for problems and exceptions. */
    Location location();

    /** The package's steps that this handler serves, in order. */
    List<StepDescriptor> steps();

    /** The deployment's variables, with the package's built-ins. */
    Variables variables();

    /** The targets of the deployment, in the order steps run on them. */
    List<DeploymentTarget> targets();

    Logger log();

    ProblemReporter problems();

    void progress(long done, long total, String unit);

    /** The deployment's or the package's store ({@link Store.Scope#STEP} is refused). */
    Store store(Store.Scope scope);

    String deploymentId();

    boolean dryRun();
}
