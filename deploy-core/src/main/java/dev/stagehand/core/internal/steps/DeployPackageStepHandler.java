package dev.stagehand.core.internal.steps;

import dev.stagehand.api.spi.Reversibility;
import com.google.auto.service.AutoService;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.spi.PackageRequest;
import dev.stagehand.api.spi.StepHandler;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * {@code DeployPackage}: its work is done by planning, which deploys the named package (within
 * {@code targetVersion}) and orders it before this package. It does nothing in any stage.
 */
@AutoService(StepHandler.class)
public final class DeployPackageStepHandler implements StepHandler {

    /** It only pulls a package into the plan; that package's steps say what they undo. */
    @Override
    public Reversibility reversibility(StepDescriptor step) {
        return Reversibility.NO_CHANGES;
    }

    @Override
    public Set<String> stepTypes() {
        return Set.of("DeployPackage");
    }

    @Override
    public List<PackageRequest> deploys(StepDescriptor step) {
        Optional<String> packageId = step.attribute("packageId").map(String::trim).filter(s -> !s.isEmpty());
        if (packageId.isEmpty()) {
            throw new DeploymentException("DeployPackage step has no packageId", step.location());
        }
        String targetVersion = step.attribute("targetVersion").map(String::trim).filter(s -> !s.isEmpty()).orElse(null);
        return List.of(new PackageRequest(packageId.get(), targetVersion, step.location()));
    }
}
