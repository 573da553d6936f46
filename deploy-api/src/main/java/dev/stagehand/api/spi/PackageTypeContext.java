package dev.stagehand.api.spi;

import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.event.DeploymentListener;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.target.DeploymentTarget;
import java.util.List;
import org.slf4j.Logger;

/** What a {@link PackageTypeHandler} is handed. */
public interface PackageTypeContext {

    PipelineStage stage();

    /** The package type being handled. */
    String packageType();

    /** The packages of that type, in plan order. */
    List<PackageManifest> packages();

    Variables variables();

    /** The targets of the deployment, in the order steps run on them. */
    List<DeploymentTarget> targets();

    Logger log();

    DeploymentListener listener();

    ProblemReporter problems();
}
