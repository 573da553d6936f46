package dev.stagehand.api.spi;

import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.target.DeploymentTarget;
import java.util.List;
import org.slf4j.Logger;

/** What a {@link PackageTypeHandler} is handed. */
public interface PackageTypeContext {

    /** The stage; {@link PipelineStage#INITIALIZE} when the plan asks for planned changes. */
    PipelineStage stage();

    /** The package type being handled. */
    String packageType();

    /** The packages of that type, in plan order. */
    List<PackageManifest> packages();

    /** The deployment's variables with the built-ins of one of the packages ({@code Package.TargetDirectory}, ...). */
    Variables variables(PackageManifest manifest);

    /** Where a package is declared, for problems about it. */
    Location location(PackageManifest manifest);

    /** The targets of the deployment, in the order steps run on them. */
    List<DeploymentTarget> targets();

    Logger log();

    ProblemReporter problems();

    /** The deployment's store, the one steps reach as {@link Store.Scope#DEPLOYMENT}. */
    Store store();

    String deploymentId();

    boolean dryRun();
}
