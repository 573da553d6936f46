package dev.stagehand.core.plan;

import dev.stagehand.api.model.MigrationStrategy;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.spi.PackageAction;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/**
 * One package version in the plan.
 *
 * @param id             the package id as its manifest writes it
 * @param version        the version to install (for an up-to-date package, the installed one)
 * @param type           the package type, null when none
 * @param strategy       its migration strategy
 * @param action         new, upgrade from a version, or up to date (nothing to do)
 * @param includedBy     why it is in the plan: the root request, a dependency, a DeployPackage step
 * @param origin         the package folder or zip
 * @param steps          the steps it will run (none when up to date)
 * @param manifest       its manifest
 * @param needs          the ids (lower case) of the packages it depends on or deploys
 * @param manifestDigest hex SHA-256 of its manifest and injected files
 */
public record PlannedPackage(String id, String version, String type, MigrationStrategy strategy, PackageAction action,
                             List<String> includedBy, Path origin, List<PlannedStep> steps, PackageManifest manifest,
                             Set<String> needs, String manifestDigest) {

    /**
     * Copies the collections, so that the plan stays unchanged.
     *
     * @param id the package id as its manifest writes it
     * @param version the version to install (for an up-to-date package, the installed one)
     * @param type the package type, null when none
     * @param strategy its migration strategy
     * @param action new, upgrade from a version, or up to date (nothing to do)
     * @param includedBy why it is in the plan: the root request, a dependency, a DeployPackage step
     * @param origin the package folder or zip
     * @param steps the steps it will run (none when up to date)
     * @param manifest its manifest
     * @param needs the ids (lower case) of the packages it depends on or deploys
     * @param manifestDigest hex SHA-256 of its manifest and injected files
     */
    public PlannedPackage {
        includedBy = List.copyOf(includedBy);
        steps = List.copyOf(steps);
        needs = Set.copyOf(needs);
    }

    /** {@return true unless the package is up to date} */
    public boolean hasWork() {
        return action.kind() != PackageAction.Kind.UP_TO_DATE;
    }

    /** {@return the package's coordinates, {@code id@version}} */
    public String coordinates() {
        return id + "@" + version;
    }
}
