package dev.stagehand.core.internal.plan;

import dev.stagehand.core.internal.Versions;
import dev.stagehand.api.model.MigrationStrategy;
import dev.stagehand.core.plan.LoadedPackage;
import java.util.List;
import org.semver4j.Semver;

/**
 * The versions chosen for one package id.
 *
 * @param id        the id as its manifests write it
 * @param strategy  the strategy of the top version
 * @param top       the highest version allowed
 * @param installed the installed version, null when none
 * @param path      the versions to install, ascending (empty when the top is installed)
 */
public record Selection(String id, MigrationStrategy strategy, LoadedPackage top, Semver installed, List<LoadedPackage> path) {

    public Semver topVersion() {
        return Versions.parse(top.manifest().version());
    }
}
