package dev.stagehand.core;

import dev.stagehand.core.internal.packages.PackageFiles;
import dev.stagehand.core.internal.packages.ZipPackage;
import dev.stagehand.core.options.ZipLimits;
import dev.stagehand.core.plan.LoadedPackage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads packages, folders or zips, each with exactly one {@code manifest.xml} at its root,
 * and finds the packages under a package source folder.
 */
public final class PackageReader {

    private PackageReader() {
    }

    /**
     * Reads the package at {@code path} (a folder or a {@code .zip}).
     *
     * @param path the package folder or zip
     * @return the package, its warnings and digest
     * @throws IOException when the package cannot be read
     * @throws dev.stagehand.api.ManifestException naming the file, line and column of every error
     */
    public static LoadedPackage read(Path path) throws IOException {
        return read(path, ZipLimits.DEFAULTS);
    }

    /**
     * The same, a zip read within {@code limits}: every compressed entry, not only its manifest,
     * as install reads it before a deployment, so that a zip that install would refuse up front is
     * refused here too (stored entries are bounded by their declared sizes and checked against
     * their CRC-32 when unpacked).
     *
     * @param path the package folder or zip
     * @param limits what a zip may hold
     * @return the package, its warnings and digest
     * @throws IOException when the package cannot be read
     */
    public static LoadedPackage read(Path path, ZipLimits limits) throws IOException {
        LoadedPackage loaded = PackageFiles.parse(PackageFiles.raw(path, limits));
        if (loaded.zipped()) {
            try (ZipPackage zip = ZipPackage.open(path, PackageFiles.displayName(path), limits)) {
                zip.verify();
            }
        }
        return loaded;
    }

    /**
     * True when {@code path} is a package: a folder with a manifest.xml, or a zip.
     *
     * @param path a file or folder
     * @return true when it is a package
     */
    public static boolean isPackage(Path path) {
        return PackageFiles.isPackage(path);
    }

    /**
     * The packages at {@code path}: itself when it is a package, else every package in it and
     * in its sub-folders (a package folder is not searched further), sorted by path.
     *
     * @param path a package, or a folder of packages
     * @return the packages' paths
     * @throws IOException when a folder cannot be listed
     */
    public static List<Path> discover(Path path) throws IOException {
        return PackageFiles.discover(path);
    }

    /**
     * The path as the user would write it: relative to the working folder when under it.
     *
     * @param path a path
     * @return the name for messages
     */
    public static String displayName(Path path) {
        return PackageFiles.displayName(path);
    }
}
