package dev.stagehand.core.plan;

import dev.stagehand.api.Problem;
import dev.stagehand.api.spi.PlannedChange;
import java.nio.file.Path;
import java.util.List;

/**
 * What a deployment will do, worked out before anything is touched.
 *
 * @param rootId           the root package
 * @param requestedVersion the version or range the root was asked for, null for its highest
 * @param rootVersion      its selected version
 * @param mode             clean or upgrade
 * @param packages         package versions in deployment order: every package after its dependencies,
 *                         ties broken by id, the versions of a migration path consecutive
 * @param changes          what the steps and package types will create or change (secrets masked)
 * @param notice           the preparation notice: {@code changes} as lines for people
 * @param warnings         what is worth knowing but does not stop the plan (absent optional dependencies, ...)
 * @param sources          the package source folders it was made from
 * @param digest           what it was made from; {@code install} runs it only while its inputs give the same
 */
public record DeploymentPlan(String rootId, String requestedVersion, String rootVersion, InstallationMode mode,
                             List<PlannedPackage> packages, List<PlannedChange> changes, List<String> notice,
                             List<Problem> warnings, List<Path> sources, PlanDigest digest) {

    /**
     * Copies the lists, so that the plan stays unchanged.
     *
     * @param rootId the root package
     * @param requestedVersion the version or range the root was asked for, null for its highest
     * @param rootVersion its selected version
     * @param mode clean or upgrade
     * @param packages package versions in deployment order: every package after its dependencies, ties broken
     *                 by id, the versions of a migration path consecutive
     * @param changes what the steps and package types will create or change (secrets masked)
     * @param notice the preparation notice: {@code changes} as lines for people
     * @param warnings what is worth knowing but does not stop the plan (absent optional dependencies, ...)
     * @param sources the package source folders it was made from
     * @param digest what it was made from; {@code install} runs it only while its inputs give the same
     */
    public DeploymentPlan {
        packages = List.copyOf(packages);
        changes = List.copyOf(changes);
        notice = List.copyOf(notice);
        warnings = List.copyOf(warnings);
        sources = List.copyOf(sources);
    }

    /** {@return the package versions that will be installed (up-to-date ones left out)} */
    public List<PlannedPackage> toDeploy() {
        return packages.stream().filter(PlannedPackage::hasWork).toList();
    }

    /** {@return true when everything is installed already} */
    public boolean nothingToDo() {
        return toDeploy().isEmpty();
    }

    /**
     * {@code id@version} of the root.
     *
     * @return the root's coordinates, {@code id@version}
     */
    public String root() {
        return rootId + "@" + rootVersion;
    }
}
