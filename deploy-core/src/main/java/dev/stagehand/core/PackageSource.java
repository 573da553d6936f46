package dev.stagehand.core;

import dev.stagehand.core.internal.Versions;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.semver4j.Semver;

/**
 * The packages of one or more source folders, indexed once by id and version so that planning
 * never reads a manifest twice. Ids match ignoring case. When two folders hold the same id and
 * version, the folder named first wins and a warning says so. Packages that cannot be read are
 * left out with their errors kept as warnings of the index: they only matter if needed.
 */
public final class PackageSource {

    private final List<Path> folders;
    private final Map<String, NavigableMap<Semver, LoadedPackage>> byId;
    private final List<Problem> problems;

    private PackageSource(List<Path> folders, Map<String, NavigableMap<Semver, LoadedPackage>> byId,
                          List<Problem> problems) {
        this.folders = List.copyOf(folders);
        this.byId = byId;
        this.problems = List.copyOf(problems);
    }

    /** Reads every package under the folders (folders and zips, several versions per id). */
    public static PackageSource index(List<Path> folders) throws IOException {
        Map<String, NavigableMap<Semver, LoadedPackage>> byId = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new DeploymentException("package source is not a folder",
                        Location.ofFile(PackageReader.displayName(folder)));
            }
            for (Path path : PackageReader.discover(folder)) {
                LoadedPackage loaded;
                try {
                    loaded = PackageReader.read(path);
                } catch (DeploymentException e) {
                    for (Problem p : e.problems()) {
                        problems.add(Problem.warning("unreadable package left out: " + p.message(), p.location()));
                    }
                    continue;
                }
                problems.addAll(loaded.warnings());
                add(byId, loaded, problems);
            }
        }
        return new PackageSource(folders, byId, problems);
    }

    /** An index of packages already read (tests, embedding tools with their own storage). */
    public static PackageSource of(List<LoadedPackage> packages) {
        Map<String, NavigableMap<Semver, LoadedPackage>> byId = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        packages.forEach(p -> add(byId, p, problems));
        return new PackageSource(List.of(), byId, problems);
    }

    private static void add(Map<String, NavigableMap<Semver, LoadedPackage>> byId, LoadedPackage loaded,
                            List<Problem> problems) {
        Semver version = Versions.parse(loaded.manifest().version());
        NavigableMap<Semver, LoadedPackage> versions = byId.computeIfAbsent(key(loaded.manifest().id()),
                k -> new TreeMap<>());
        LoadedPackage earlier = versions.putIfAbsent(version, loaded);
        if (earlier != null) {
            problems.add(Problem.warning(loaded.manifest().coordinates() + " is also at "
                    + PackageReader.displayName(earlier.origin()) + ", which is used", loaded.manifest().location()));
        }
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    /** Every version of a package, ascending; empty when the sources do not have it. */
    public NavigableMap<Semver, LoadedPackage> versions(String id) {
        NavigableMap<Semver, LoadedPackage> versions = byId.get(key(id));
        return versions == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(versions);
    }

    /** One version of a package. */
    public Optional<LoadedPackage> get(String id, String version) {
        Semver parsed = Versions.parse(version);
        return parsed == null ? Optional.empty() : Optional.ofNullable(versions(id).get(parsed));
    }

    public boolean contains(String id) {
        return byId.containsKey(key(id));
    }

    /** The number of distinct package ids. */
    public int packageCount() {
        return byId.size();
    }

    /** The number of package versions. */
    public int versionCount() {
        return byId.values().stream().mapToInt(Map::size).sum();
    }

    /** Warnings met while indexing: unreadable packages, duplicates, unknown elements. */
    public List<Problem> problems() {
        return problems;
    }

    public List<Path> folders() {
        return folders;
    }
}
