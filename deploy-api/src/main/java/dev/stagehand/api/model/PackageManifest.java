package dev.stagehand.api.model;

import dev.stagehand.api.Location;
import java.util.List;
import java.util.Optional;

/**
 * A package's {@code manifest.xml}, parsed.
 *
 * @param formatVersion     the {@code version} attribute of {@code deploymentPackage} (manifest format), null when absent
 * @param id                {@code packageId}
 * @param version           the package version, Semantic Versioning 2.0
 * @param name              display name, null when absent
 * @param type              {@code packageType} (Database, Business, Presentation, ...), null when absent
 * @param description       description, null when absent
 * @param targetDirectory   where its files go (raw, may hold {@code $(...)}), null when absent
 * @param migrationStrategy LatestOnly unless the manifest says MigrationPath
 * @param installable       {@code isInstallable} (default true)
 * @param keywords          keywords text, null when absent
 * @param dependencies      the packages it needs
 * @param steps             its steps in order
 * @param ui                wizard metadata, inline or merged from {@code xmlInjection} files
 * @param extensions        elements this version does not know, kept for newer handlers
 * @param location          the manifest file
 */
public record PackageManifest(String formatVersion, String id, String version, String name, String type,
                              String description, String targetDirectory, MigrationStrategy migrationStrategy,
                              boolean installable, String keywords, List<Dependency> dependencies,
                              List<StepDescriptor> steps, UiDescriptor ui, List<XmlElement> extensions,
                              Location location) {

    /**
     * Copies the lists and fills what a manifest may leave out (no UI, the default migration strategy).
     *
     * @param formatVersion the {@code version} attribute of {@code deploymentPackage} (manifest format), null
     *                      when absent
     * @param id {@code packageId}
     * @param version the package version, Semantic Versioning 2.0
     * @param name display name, null when absent
     * @param type {@code packageType} (Database, Business, Presentation, ...), null when absent
     * @param description description, null when absent
     * @param targetDirectory where its files go (raw, may hold {@code $(...)}), null when absent
     * @param migrationStrategy LatestOnly unless the manifest says MigrationPath
     * @param installable {@code isInstallable} (default true)
     * @param keywords keywords text, null when absent
     * @param dependencies the packages it needs
     * @param steps its steps in order
     * @param ui wizard metadata, inline or merged from {@code xmlInjection} files
     * @param extensions elements this version does not know, kept for newer handlers
     * @param location the manifest file
     */
    public PackageManifest {
        dependencies = List.copyOf(dependencies);
        steps = List.copyOf(steps);
        extensions = List.copyOf(extensions);
        ui = ui == null ? UiDescriptor.EMPTY : ui;
        migrationStrategy = migrationStrategy == null ? MigrationStrategy.LATEST_ONLY : migrationStrategy;
    }

    /**
     * {@code id@version}.
     *
     * @return the package's coordinates, as messages write them
     */
    public String coordinates() {
        return id + "@" + version;
    }

    /**
     * Steps of the given type, ignoring case.
     *
     * @param stepType the type, in any case
     * @return those steps in manifest order
     */
    public List<StepDescriptor> steps(String stepType) {
        return steps.stream().filter(s -> s.isType(stepType)).toList();
    }

    /**
     * A kept unknown element by name, ignoring case.
     *
     * @param elementName the element's name, in any case
     * @return the element; empty when the manifest has none
     */
    public Optional<XmlElement> extension(String elementName) {
        return extensions.stream().filter(e -> e.is(elementName)).findFirst();
    }
}
