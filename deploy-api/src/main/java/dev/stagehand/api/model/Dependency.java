package dev.stagehand.api.model;

import dev.stagehand.api.Location;

/**
 * A package another package needs.
 *
 * @param id          the package id
 * @param versionSpec as written: exact {@code 1.2.0}, wildcard {@code 1.2.*}, a range such
 *                    as {@code >=1.2.0 <2.0.0}; null or empty for any version
 * @param mandatory   false when the dependency is optional (absent: reported, not fatal)
 * @param ignorable   the manifest's {@code isIgnorable}
 * @param location    where it is declared
 */
public record Dependency(String id, String versionSpec, boolean mandatory, boolean ignorable, Location location) {

    /** {@return true when the dependency names no version constraint} */
    public boolean anyVersion() {
        return versionSpec == null || versionSpec.isBlank() || versionSpec.trim().equals("*");
    }
}
