package dev.stagehand.core.plan;

import dev.stagehand.api.Problem;
import java.util.List;

/**
 * What a deployment will do, worked out before anything is touched.
 *
 * @param rootId      the root package
 * @param rootVersion its selected version
 * @param mode        clean or upgrade
 * @param packages    package versions in deployment order: every package after its dependencies,
 *                    ties broken by id, the versions of a migration path consecutive
 * @param notice      the preparation notice: what will be created or changed, secrets masked
 * @param warnings    what is worth knowing but does not stop the plan (absent optional dependencies, ...)
 */
public record DeploymentPlan(String rootId, String rootVersion, InstallationMode mode, List<PlannedPackage> packages,
                             List<String> notice, List<Problem> warnings) {

    public DeploymentPlan {
        packages = List.copyOf(packages);
        notice = List.copyOf(notice);
        warnings = List.copyOf(warnings);
    }

    /** The package versions that will be installed (up-to-date ones left out). */
    public List<PlannedPackage> toDeploy() {
        return packages.stream().filter(PlannedPackage::hasWork).toList();
    }

    /** True when everything is installed already. */
    public boolean nothingToDo() {
        return toDeploy().isEmpty();
    }
}
