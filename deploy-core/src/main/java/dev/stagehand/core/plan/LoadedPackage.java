package dev.stagehand.core.plan;

import dev.stagehand.api.Problem;
import dev.stagehand.api.model.PackageManifest;
import java.nio.file.Path;
import java.util.List;

/**
 * A package read from disk.
 *
 * @param manifest its manifest
 * @param origin   the package folder or zip
 * @param zipped   true when {@code origin} is a zip
 * @param warnings what was odd but readable (unknown elements, ...)
 * @param digest   hex SHA-256 of the manifest's bytes and of the files it injects, for plan digests
 */
public record LoadedPackage(PackageManifest manifest, Path origin, boolean zipped, List<Problem> warnings,
                            String digest) {

    /**
     * Copies the warnings, so that the package stays unchanged.
     *
     * @param manifest its manifest
     * @param origin the package folder or zip
     * @param zipped true when {@code origin} is a zip
     * @param warnings what was odd but readable (unknown elements, ...)
     * @param digest hex SHA-256 of the manifest's bytes and of the files it injects, for plan digests
     */
    public LoadedPackage {
        warnings = List.copyOf(warnings);
    }
}
