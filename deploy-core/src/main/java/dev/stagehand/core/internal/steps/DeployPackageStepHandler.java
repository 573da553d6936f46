package dev.stagehand.core.internal.steps;

import com.google.auto.service.AutoService;
import dev.stagehand.api.spi.StepContext;
import dev.stagehand.api.spi.StepHandler;
import java.util.Set;

/**
 * {@code DeployPackage}: its work is done by planning, which adds the named package (within
 * {@code targetVersion}) to the deployment and orders it before this package. At run time it
 * only checks that it names a package.
 */
@AutoService(StepHandler.class)
public final class DeployPackageStepHandler implements StepHandler {

    @Override
    public Set<String> stepTypes() {
        return Set.of("DeployPackage");
    }

    @Override
    public void validate(StepContext context) {
        if (context.attribute("packageId").filter(id -> !id.isBlank()).isEmpty()) {
            context.problems().error("DeployPackage needs a packageId");
        }
    }
}
