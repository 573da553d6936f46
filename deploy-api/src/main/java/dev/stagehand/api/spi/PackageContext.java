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

    /** {@return the stage every step of the package has just finished} */
    PipelineStage stage();

    /** {@return the package} */
    PackageManifest manifest();

    /** {@return the package's location, for problems and exceptions} */
    Location location();

    /** {@return the package's steps that this handler serves, in order} */
    List<StepDescriptor> steps();

    /** {@return the deployment's variables, with the package's built-ins} */
    Variables variables();

    /** {@return the targets of the deployment, in the order steps run on them} */
    List<DeploymentTarget> targets();

    /** {@return a logger whose output has every secret masked} */
    Logger log();

    /** {@return the reporter of problems, with the package's location; an error fails the package} */
    ProblemReporter problems();

    /**
     * Reports progress of long work to the deployment's listeners, as {@link StepContext#progress} does.
     *
     * @param done how much is done so far
     * @param total how much there is in all
     * @param unit what is counted, for display
     */
    void progress(long done, long total, String unit);

    /**
     * The group's, the deployment's or the package's store ({@link Store.Scope#STEP} is refused).
     *
     * @param scope {@link Store.Scope#GROUP}, {@link Store.Scope#DEPLOYMENT} or {@link Store.Scope#PACKAGE}
     * @return that scope's store
     * @throws dev.stagehand.api.DeploymentException for {@link Store.Scope#STEP}: there is no one step here
     */
    Store store(Store.Scope scope);

    /** {@return the id of the running deployment} */
    String deploymentId();

    /** {@return true when the deployment only plans and validates and must change nothing} */
    boolean dryRun();
}
