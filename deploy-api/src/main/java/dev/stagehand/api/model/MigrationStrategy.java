package dev.stagehand.api.model;

import java.util.Optional;

/** How many versions of a package a deployment installs. */
public enum MigrationStrategy {
    /** Only the highest version allowed. The default. */
    LATEST_ONLY("LatestOnly"),
    /** Every version above the installed one up to the highest allowed, ascending. */
    MIGRATION_PATH("MigrationPath");

    private final String manifestName;

    MigrationStrategy(String manifestName) {
        this.manifestName = manifestName;
    }

    /** {@return the spelling manifests use} */
    public String manifestName() {
        return manifestName;
    }

    /**
     * Parses the manifest spelling, ignoring case.
     *
     * @param name the strategy as a manifest writes it
     * @return the strategy; empty when no strategy has that name
     */
    public static Optional<MigrationStrategy> fromName(String name) {
        for (MigrationStrategy s : values()) {
            if (s.manifestName.equalsIgnoreCase(name == null ? "" : name.trim())) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return manifestName;
    }
}
