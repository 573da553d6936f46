package dev.stagehand.core;

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
 */
public record LoadedPackage(PackageManifest manifest, Path origin, boolean zipped, List<Problem> warnings) {

    public LoadedPackage {
        warnings = List.copyOf(warnings);
    }
}
