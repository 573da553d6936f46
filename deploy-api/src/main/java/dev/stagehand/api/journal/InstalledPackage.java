package dev.stagehand.api.journal;

import java.time.Instant;

/**
 * A package version installed on a target.
 *
 * @param packageId    the package
 * @param version      the version installed
 * @param installedAt  when
 * @param deploymentId by which deployment
 */
public record InstalledPackage(String packageId, String version, Instant installedAt, String deploymentId) {
}
