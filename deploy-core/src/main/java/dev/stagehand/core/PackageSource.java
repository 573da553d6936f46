package dev.stagehand.core;

import dev.stagehand.api.Problem;
import dev.stagehand.core.internal.packages.PackageIndex;
import dev.stagehand.core.options.ZipLimits;
import dev.stagehand.core.plan.LoadedPackage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The packages of one or more source folders, indexed once by id and version. Indexing reads
 * each manifest once and keeps its bytes; a manifest is parsed in full, once, only when a plan
 * needs that package version. Ids match ignoring case. When two folders hold the same id and
 * version, the folder named first wins and a warning names both (an error for a plan of that id
 * when their manifests differ). A package whose manifest cannot even be indexed is left out; its
 * errors are errors of a plan that needs it (by its header's id, else its file name's), warnings
 * of any other.
 */
public final class PackageSource {

    private final PackageIndex index;

    private PackageSource(PackageIndex index) {
        this.index = index;
    }

    /**
     * Indexes every package under the folders (folders and zips, several versions per id).
     *
     * @param folders the package source folders
     * @return the index
     * @throws IOException when a folder cannot be walked
     */
    public static PackageSource index(List<Path> folders) throws IOException {
        return index(folders, ZipLimits.DEFAULTS);
    }

    /**
     * The same, each zip read within {@code limits}.
     *
     * @param folders the package source folders
     * @param limits what a zip may hold
     * @return the index
     * @throws IOException when a folder cannot be walked
     */
    public static PackageSource index(List<Path> folders, ZipLimits limits) throws IOException {
        return new PackageSource(PackageIndex.index(folders, limits));
    }

    /**
     * The same, with a persistent index in {@code cacheFolder}: each folder's packages are
     * remembered there with the stamps of their folders and manifests (of the zip, for a zip), so
     * that indexing it again reads only the manifests of packages added or changed since. The
     * file is a cache, safe to lose: a missing or damaged one is rebuilt.
     *
     * @param folders the package source folders
     * @param limits what a zip may hold
     * @param cacheFolder where the persistent index is kept ({@code .deploy/cache} for Stagehand)
     * @return the index
     * @throws IOException when a folder cannot be walked
     */
    public static PackageSource index(List<Path> folders, ZipLimits limits, Path cacheFolder) throws IOException {
        return new PackageSource(PackageIndex.index(folders, limits, java.util.Objects.requireNonNull(cacheFolder)));
    }

    /**
     * An index of packages already read (tests, embedding tools with their own storage).
     *
     * @param packages the packages
     * @return the index
     */
    public static PackageSource of(List<LoadedPackage> packages) {
        return new PackageSource(PackageIndex.of(packages));
    }

    PackageIndex index() {
        return index;
    }

    /**
     * Whether any version of a package is here.
     *
     * @param id the package id, in any case
     * @return true when one is
     */
    public boolean contains(String id) {
        return index.contains(id);
    }

    /**
     * The versions of a package, ascending.
     *
     * @param id the package id, in any case
     * @return the versions; empty when the package is not here
     */
    public List<String> versions(String id) {
        return index.versions(id).values().stream().map(PackageIndex.Entry::version).toList();
    }

    /**
     * One package version, parsed on first call.
     *
     * @param id the package id, in any case
     * @param version the version
     * @return the package; empty when that version is not here
     * @throws dev.stagehand.api.ManifestException when its manifest has errors
     */
    public Optional<LoadedPackage> load(String id, String version) {
        return index.get(id, version).map(PackageIndex.Entry::load);
    }

    /** {@return the number of distinct package ids} */
    public int packageCount() {
        return index.packageCount();
    }

    /** {@return the number of package versions} */
    public int versionCount() {
        return index.versionCount();
    }

    /**
     * Problems met while indexing: unreadable packages, duplicates.
     *
     * @return the problems, each naming its package file
     */
    public List<Problem> problems() {
        return index.problems().stream().map(PackageIndex.IndexProblem::problem).toList();
    }

    /**
     * {@return how many manifests this indexing read from their packages; the others came from
     * the persistent index}
     */
    public int manifestsRead() {
        return index.manifestsRead();
    }

    /** {@return the folders indexed, in search order} */
    public List<Path> folders() {
        return index.folders();
    }
}
