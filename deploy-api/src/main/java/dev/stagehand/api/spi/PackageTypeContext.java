package dev.stagehand.api.spi;

import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.target.DeploymentTarget;
import java.util.List;
import org.slf4j.Logger;

/** What a {@link PackageTypeHandler} is handed. */
public interface PackageTypeContext {

    /** {@return the stage; {@link PipelineStage#INITIALIZE} when the plan asks for planned changes} */
    PipelineStage stage();

    /** {@return the package type being handled} */
    String packageType();

    /** {@return the packages of that type, in plan order} */
    List<PackageManifest> packages();

    /**
     * The deployment's variables with the built-ins of one of the packages ({@code Package.TargetDirectory}, ...).
     *
     * @param manifest one of {@link #packages()}
     * @return the variables as that package's steps see them
     */
    Variables variables(PackageManifest manifest);

    /**
     * Where a package is declared, for problems about it.
     *
     * @param manifest one of {@link #packages()}
     * @return its manifest's location
     */
    Location location(PackageManifest manifest);

    /** {@return the targets of the deployment, in the order steps run on them} */
    List<DeploymentTarget> targets();

    /** {@return a logger whose output has every secret masked} */
    Logger log();

    /** {@return the reporter of problems; an error fails the packages of this type} */
    ProblemReporter problems();

    /** {@return the deployment's store, the one steps reach as {@link Store.Scope#DEPLOYMENT}} */
    Store store();

    /** {@return the id of the running deployment} */
    String deploymentId();

    /** {@return true when the deployment only plans and validates and must change nothing} */
    boolean dryRun();
}
