package dev.stagehand.core.internal.plan;

import dev.stagehand.api.Location;
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

    boolean allows(Semver version) {
        return range == null || range.isSatisfiedBy(version);
    }

    @Override
    public String toString() {
        return (spec == null ? "any version" : spec) + " required by " + imposedBy;
    }
}
