package dev.stagehand.core.internal.packages;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.ManifestException;
import dev.stagehand.api.Problem;
import dev.stagehand.core.internal.Versions;
import dev.stagehand.core.plan.LoadedPackage;
import dev.stagehand.core.internal.xml.XmlHeaderReader;
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
import java.util.Set;
import java.util.TreeMap;
import org.semver4j.Semver;

/**
 * The packages of one or more source folders, indexed once by id and version. Indexing reads
 * each manifest once and keeps its bytes; a manifest is parsed in full, once, only when a plan
 * needs that package version, so a source with thousands of old versions costs little more
 * than its listing. Ids match ignoring case. When two folders hold the same id and version,
 * the folder named first wins and a warning says so. A package whose manifest cannot even be
 * indexed is left out with its errors kept as warnings of the index.
 */
public final class PackageIndex {

    private static final Set<String> HEADER = Set.of("packageid", "version");

    /** One package version of the source. Its manifest is parsed on first {@link #load()}. */
    public static final class Entry {
        private final String id;
        private final String version;
        private final Path origin;
        private PackageFiles.RawPackage raw;
        private LoadedPackage loaded;
        private DeploymentException failure;

        private Entry(String id, String version, Path origin, PackageFiles.RawPackage raw, LoadedPackage loaded) {
            this.id = id;
            this.version = version;
            this.origin = origin;
            this.raw = raw;
            this.loaded = loaded;
        }

        public String id() {
            return id;
        }

        public String version() {
            return version;
        }

        /** The package folder or zip. */
        public Path origin() {
            return origin;
        }

        /**
         * The package, parsed on first call and kept.
         *
         * @throws ManifestException (every time) when its manifest has errors
         */
        public synchronized LoadedPackage load() {
            if (loaded == null && failure == null) {
                try {
                    loaded = PackageFiles.parse(raw);
                } catch (DeploymentException e) {
                    failure = e;
                } catch (IOException e) {
                    failure = new ManifestException("cannot read the package: " + e.getMessage(),
                            Location.ofFile(raw.display()), e);
                }
                raw = null;
            }
            if (failure != null) {
                throw failure;
            }
            return loaded;
        }

        public String coordinates() {
            return id + "@" + version;
        }
    }

    private final List<Path> folders;
    private final Map<String, NavigableMap<Semver, Entry>> byId;
    private final List<Problem> problems;

    private PackageIndex(List<Path> folders, Map<String, NavigableMap<Semver, Entry>> byId, List<Problem> problems) {
        this.folders = List.copyOf(folders);
        this.byId = byId;
        this.problems = List.copyOf(problems);
    }

    /** Indexes every package under the folders (folders and zips, several versions per id). */
    public static PackageIndex index(List<Path> folders) throws IOException {
        Map<String, NavigableMap<Semver, Entry>> byId = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new DeploymentException("package source is not a folder",
                        Location.ofFile(PackageFiles.displayName(folder)));
            }
            for (Path path : PackageFiles.discover(folder)) {
                try {
                    add(byId, entry(path), problems);
                } catch (DeploymentException e) {
                    for (Problem p : e.problems()) {
                        problems.add(Problem.warning("unreadable package left out: " + p.message(), p.location()));
                    }
                }
            }
        }
        return new PackageIndex(folders, byId, problems);
    }

    private static Entry entry(Path path) throws IOException {
        PackageFiles.RawPackage raw = PackageFiles.raw(path);
        Map<String, String> header = XmlHeaderReader.read(raw.bytes(), HEADER);
        String id = header.get("packageid");
        String version = header.get("version");
        if (id == null || id.isEmpty() || Versions.parse(version) == null) {
            // Something is off: a full read says exactly what (or reads what the header reader would not).
            LoadedPackage loaded = PackageFiles.parse(raw);
            return new Entry(loaded.manifest().id(), loaded.manifest().version(), path, null, loaded);
        }
        return new Entry(id, version, path, raw, null);
    }

    /** An index of packages already read (tests, embedding tools with their own storage). */
    public static PackageIndex of(List<LoadedPackage> packages) {
        Map<String, NavigableMap<Semver, Entry>> byId = new HashMap<>();
        List<Problem> problems = new ArrayList<>();
        for (LoadedPackage p : packages) {
            add(byId, new Entry(p.manifest().id(), p.manifest().version(), p.origin(), null, p), problems);
        }
        return new PackageIndex(List.of(), byId, problems);
    }

    private static void add(Map<String, NavigableMap<Semver, Entry>> byId, Entry entry, List<Problem> problems) {
        Semver version = Versions.parse(entry.version());
        NavigableMap<Semver, Entry> versions = byId.computeIfAbsent(key(entry.id()), k -> new TreeMap<>());
        Entry earlier = versions.putIfAbsent(version, entry);
        if (earlier != null) {
            problems.add(Problem.warning(entry.coordinates() + " is also at "
                    + PackageFiles.displayName(earlier.origin()) + ", which is used",
                    Location.ofFile(PackageFiles.displayName(entry.origin()))));
        }
    }

    private static String key(String id) {
        return id.toLowerCase(Locale.ROOT);
    }

    /** Every version of a package, ascending; empty when the sources do not have it. */
    public NavigableMap<Semver, Entry> versions(String id) {
        NavigableMap<Semver, Entry> versions = byId.get(key(id));
        return versions == null ? Collections.emptyNavigableMap() : Collections.unmodifiableNavigableMap(versions);
    }

    /** One version of a package. */
    public Optional<Entry> get(String id, String version) {
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

    /** Problems met while indexing: unreadable packages, duplicates. */
    public List<Problem> problems() {
        return problems;
    }

    public List<Path> folders() {
        return folders;
    }
}
