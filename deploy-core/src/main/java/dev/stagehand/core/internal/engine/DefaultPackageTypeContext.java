package dev.stagehand.core.internal.engine;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.Problem;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.spi.PackageTypeContext;
import dev.stagehand.api.spi.ProblemReporter;
import dev.stagehand.api.spi.Store;
import dev.stagehand.api.spi.Variables;
import dev.stagehand.api.target.DeploymentTarget;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * What a package type handler is handed, in a deployment or when a plan asks for its planned
 * changes (then the stage is Initialize and the store is refused).
 */
public final class DefaultPackageTypeContext implements PackageTypeContext {

    private final PipelineStage stage;
    private final String type;
    private final List<PackageManifest> packages;
    private final Function<PackageManifest, Variables> variables;
    private final List<DeploymentTarget> targets;
    private final Logger log;
    private final Location where;
    private final Consumer<Problem> sink;
    private final Store store;
    private final String deploymentId;
    private final boolean dryRun;

    public DefaultPackageTypeContext(PipelineStage stage, String type, List<PackageManifest> packages,
                                     Function<PackageManifest, Variables> variables, List<DeploymentTarget> targets,
                                     Logger log, Location where, Consumer<Problem> sink, Store store,
                                     String deploymentId, boolean dryRun) {
        this.stage = stage;
        this.type = type;
        this.packages = List.copyOf(packages);
        this.variables = variables;
        this.targets = List.copyOf(targets);
        this.log = log;
        this.where = where;
        this.sink = sink;
        this.store = store;
        this.deploymentId = deploymentId;
        this.dryRun = dryRun;
    }

    @Override
    public PipelineStage stage() {
        return stage;
    }

    @Override
    public String packageType() {
        return type;
    }

    @Override
    public List<PackageManifest> packages() {
        return packages;
    }

    @Override
    public Variables variables(PackageManifest manifest) {
        return variables.apply(manifest);
    }

    @Override
    public Location location(PackageManifest manifest) {
        return manifest.location().withPackage(manifest.id(), manifest.version());
    }

    @Override
    public List<DeploymentTarget> targets() {
        return targets;
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public ProblemReporter problems() {
        return new SinkProblemReporter(where, sink);
    }

    @Override
    public Store store() {
        if (store == null) {
            throw new DeploymentException("a package type handler has the deployment's store only while a deployment"
                    + " runs", where);
        }
        return store;
    }

    @Override
    public String deploymentId() {
        return deploymentId;
    }

    @Override
    public boolean dryRun() {
        return dryRun;
    }
}
