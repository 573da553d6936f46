package dev.stagehand.api.journal;

import java.time.Instant;
import java.util.List;

/**
 * A package version installed on a target.
 *
 * @param packageId    the package
 * @param version      the version installed
 * @param installedAt  when
 * @param deploymentId by which deployment
 * @param dependencies the ids of the packages it depends on or deploys (what an uninstall may not
 *                     remove while it stays); empty in records written before they were kept
 */
public record InstalledPackage(String packageId, String version, Instant installedAt, String deploymentId,
                               List<String> dependencies) {

    /**
     * Keeps a copy of the dependencies, none for null.
     *
     * @param packageId    the package
     * @param version      the version installed
     * @param installedAt  when
     * @param deploymentId by which deployment
     * @param dependencies the ids of the packages it depends on or deploys
     */
    public InstalledPackage {
        dependencies = dependencies == null ? List.of() : List.copyOf(dependencies);
    }

    /**
     * A record without dependencies, as journals wrote them before they were kept.
     *
     * @param packageId    the package
     * @param version      the version installed
     * @param installedAt  when
     * @param deploymentId by which deployment
     */
    public InstalledPackage(String packageId, String version, Instant installedAt, String deploymentId) {
        this(packageId, version, installedAt, deploymentId, List.of());
    }

    /**
     * Whether it depends on a package.
     *
     * @param packageId the other package (case ignored)
     * @return true when it is among the dependencies
     */
    public boolean needs(String packageId) {
        return dependencies.stream().anyMatch(d -> d.equalsIgnoreCase(packageId));
    }
}
