package dev.stagehand.api.spi;

import java.util.Optional;

/**
 * What a deployment does to one package version.
 *
 * @param kind             new, upgrade, or already installed
 * @param installedVersion the version on the target before the deployment, null when none
 * @param targetVersion    the version being deployed
 */
public record InstallMode(Kind kind, String installedVersion, String targetVersion) {

    public enum Kind {
        /** Nothing of the package is installed. */
        NEW,
        /** An older version is installed. */
        UPGRADE,
        /** The selected version is installed already: nothing to do. */
        UP_TO_DATE
    }

    public Optional<String> installed() {
        return Optional.ofNullable(installedVersion);
    }
}
