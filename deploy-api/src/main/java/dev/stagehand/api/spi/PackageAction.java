package dev.stagehand.api.spi;

/**
 * What a deployment does to one package version: install it new, upgrade an installed version
 * to it, or nothing (it is installed already). The deployment as a whole is in clean or upgrade
 * mode; this is the part one package plays in it.
 *
 * @param kind             new, upgrade, or up to date
 * @param installedVersion the version on the target before the deployment, null when none
 * @param targetVersion    the version being deployed
 */
public record PackageAction(Kind kind, String installedVersion, String targetVersion) {

    /** What the deployment does to the package, as seen from what is installed. */
    public enum Kind {
        /** Nothing of the package is installed. */
        NEW,
        /** An older version is installed. */
        UPGRADE,
        /** The selected version is installed already: nothing to do. */
        UP_TO_DATE
    }
}
