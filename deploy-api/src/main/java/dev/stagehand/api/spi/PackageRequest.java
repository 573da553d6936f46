package dev.stagehand.api.spi;

import dev.stagehand.api.Location;

/**
 * A package a step pulls into the plan, as {@code DeployPackage} does: the planner deploys it
 * (within {@code versionSpec}) and orders it before the step's own package.
 *
 * @param packageId   the package
 * @param versionSpec a version, wildcard or range capping the version deployed; null for the highest
 * @param location    where the step asks for it
 */
public record PackageRequest(String packageId, String versionSpec, Location location) {
}
