package dev.stagehand.core.internal.engine;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.PipelineStage;
import dev.stagehand.api.event.DeploymentEvent;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.PackageContext;
import dev.stagehand.api.spi.ProblemReporter;
import dev.stagehand.api.spi.Store;
import dev.stagehand.api.spi.Variables;
import dev.stagehand.api.target.DeploymentTarget;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;

/** What {@code afterPackage} is handed. */
final class DefaultPackageContext implements PackageContext {

    private final Deployment deployment;
    private final PackageRun pkg;
    private final PipelineStage stage;
    private final List<StepDescriptor> steps;
    private final Logger log;
    private final Consumer<dev.stagehand.api.Problem> sink;

    DefaultPackageContext(Deployment deployment, PackageRun pkg, PipelineStage stage, List<StepDescriptor> steps,
                          Logger log, Consumer<dev.stagehand.api.Problem> sink) {
        this.deployment = deployment;
        this.pkg = pkg;
        this.stage = stage;
        this.steps = List.copyOf(steps);
        this.log = log;
        this.sink = sink;
    }

    @Override
    public PipelineStage stage() {
        return stage;
    }

    @Override
    public PackageManifest manifest() {
        return pkg.planned.manifest();
    }

    @Override
    public Location location() {
        return pkg.location();
    }

    @Override
    public List<StepDescriptor> steps() {
        return steps;
    }

    @Override
    public Variables variables() {
        return pkg.variables;
    }

    @Override
    public List<DeploymentTarget> targets() {
        return deployment.targets();
    }

    @Override
    public Logger log() {
        return log;
    }

    @Override
    public ProblemReporter problems() {
        return new SinkProblemReporter(pkg.location(), sink);
    }

    @Override
    public void progress(long done, long total, String unit) {
        deployment.emit(new DeploymentEvent.StepProgress(deployment.now(), deployment.id(), pkg.location(), done,
                total, unit));
    }

    @Override
    public Store store(Store.Scope scope) {
        return switch (scope) {
            case GROUP -> deployment.group;
            case DEPLOYMENT -> deployment.store;
            case PACKAGE -> pkg.store;
            case STEP -> throw new DeploymentException("a package hook has no step store", pkg.location());
        };
    }

    @Override
    public String deploymentId() {
        return deployment.id();
    }

    @Override
    public boolean dryRun() {
        return deployment.options().dryRun();
    }
}
