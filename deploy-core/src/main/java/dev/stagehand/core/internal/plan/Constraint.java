package dev.stagehand.core.internal.plan;

import dev.stagehand.api.Location;
import dev.stagehand.core.internal.Versions;
import org.semver4j.RangesList;
import org.semver4j.Semver;

/**
 * A version constraint on one package id and who imposed it.
 *
 * @param spec      as written ({@code 1.1.*}, {@code >=1.2.0 <2.0.0}, {@code 1.2.0}); null for any version
 * @param range     the parsed spec, null for any version
 * @param imposedBy who: {@code Cmf.Root@1.0.0 (dependency)}, {@code the root request}
 * @param location  where it is written
 */
record Constraint(String spec, RangesList range, String imposedBy, Location location) {

    /**
     * Whether {@code version} meets the constraint. SemVer ranges ignore build metadata; a spec
     * that is one exact version with build metadata ({@code 1.0.0+b}) asks for that build alone.
     */
    boolean allows(Semver version) {
        if (range == null || !range.isSatisfiedBy(version)) {
            return range == null;
        }
        Semver exact = spec == null ? null : Versions.parse(spec.trim().startsWith("=") ? spec.trim().substring(1)
                : spec.trim());
        return exact == null || exact.getBuild().isEmpty() || exact.getBuild().equals(version.getBuild());
    }

    @Override
    public String toString() {
        return (spec == null ? "any version" : spec) + " required by " + imposedBy;
    }
}
