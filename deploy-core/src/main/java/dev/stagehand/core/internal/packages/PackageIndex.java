package dev.stagehand.core.internal.packages;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.ManifestException;
import dev.stagehand.api.Problem;
import dev.stagehand.core.internal.Versions;
import dev.stagehand.core.plan.LoadedPackage;
import dev.stagehand.core.internal.xml.XmlHeaderReader;
import dev.stagehand.core.options.ZipLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
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
 * the folder named first wins and a warning names both (an error of that id when their
 * manifests differ); two versions of an id that differ only in build metadata are an error of
 * that id. A package whose manifest cannot even be indexed is left out, its errors kept with the
 * id it seems to be (its header's, else its file name's): errors of a plan that needs that id,
 * warnings of any other.
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

    /**
     * A problem met while indexing and the package id it concerns.
     *
     * @param packageId the id (lower case) the package has or seems to have; null when nothing tells
     * @param problem   an error when a plan needing that id must not go on, else a warning
     */
    public record IndexProblem(String packageId, Problem problem) {

        public boolean concerns(String id) {
            return packageId != null && packageId.equals(key(id));
        }
    }

    private final List<Path> folders;
    private final Map<String, NavigableMap<Semver, Entry>> byId;
    private final List<IndexProblem> problems;
    private final int manifestsRead;

    private PackageIndex(List<Path> folders, Map<String, NavigableMap<Semver, Entry>> byId,
                         List<IndexProblem> problems, int manifestsRead) {
        this.folders = List.copyOf(folders);
        this.byId = byId;
        this.problems = List.copyOf(problems);
        this.manifestsRead = manifestsRead;
    }

    /** Indexes every package under the folders (folders and zips, several versions per id). */
    public static PackageIndex index(List<Path> folders) throws IOException {
        return index(folders, ZipLimits.DEFAULTS);
    }

    /** Indexes every package under the folders, each zip read within {@code limits}. */
    public static PackageIndex index(List<Path> folders, ZipLimits limits) throws IOException {
        return index(folders, limits, null);
    }

    /**
     * Indexes every package under the folders, each zip read within {@code limits}, remembering
     * in {@code cacheFolder} (when not null) what it read, so that the next indexing of an
     * unchanged folder reads none of its manifests again ({@link SourceMemory}).
     */
    public static PackageIndex index(List<Path> folders, ZipLimits limits, Path cacheFolder) throws IOException {
        Map<String, NavigableMap<Semver, Entry>> byId = new HashMap<>();
        List<IndexProblem> problems = new ArrayList<>();
        int read = 0;
        for (Path folder : folders) {
            if (!Files.isDirectory(folder)) {
                throw new DeploymentException("package source is not a folder",
                        Location.ofFile(PackageFiles.displayName(folder)));
            }
            SourceMemory memory = cacheFolder == null ? SourceMemory.none(folder)
                    : SourceMemory.load(cacheFolder, folder, limits);
            for (SourceMemory.Found found : memory.discover()) {
                Path path = found.path();
                SourceMemory.Remembered remembered = found.remembered();
                if (remembered != null) {
                    add(byId, new Entry(remembered.id(), remembered.version(), path, new PackageFiles.RawPackage(path,
                            remembered.zipped(), PackageFiles.displayName(path), remembered.manifest(),
                            remembered.bytes(), limits, remembered.manifestStamp()), null), problems);
                    continue;
                }
                String[] seemsToBe = {null};
                try {
                    read++;
                    Entry entry = entry(path, limits, seemsToBe);
                    if (entry.raw != null) {
                        memory.remember(found, entry.raw, entry.id, entry.version);
                    }
                    add(byId, entry, problems);
                } catch (DeploymentException e) {
                    String id = seemsToBe[0] != null ? key(seemsToBe[0]) : idFromName(path);
                    for (Problem p : e.problems()) {
                        problems.add(new IndexProblem(id, new Problem(p.severity(), "unreadable package "
                                + PackageFiles.displayName(path) + " left out: " + p.message(), p.location())));
                    }
                }
            }
            memory.save();
        }
        return new PackageIndex(folders, byId, problems, read);
    }

    /**
     * The id a package's name suggests, for a package whose manifest gives none: its folder or zip
     * name without the version that usually follows it ({@code Cmf.Sample.Base.1.1.0.zip}).
     */
    private static String idFromName(Path path) {
        String name = path.getFileName() == null ? "" : path.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".zip")) {
            name = name.substring(0, name.length() - 4);
        }
        String id = name.replaceFirst("[.@_-]v?\\d+(\\.\\d+)*([-+].*)?$", "");
        return id.isEmpty() ? null : key(id);
    }

    private static Entry entry(Path path, ZipLimits limits, String[] seemsToBe) throws IOException {
        PackageFiles.RawPackage raw = PackageFiles.raw(path, limits);
        Map<String, String> header = XmlHeaderReader.read(raw.bytes(), HEADER);
        String id = header.get("packageid");
        String version = header.get("version");
        seemsToBe[0] = id == null || id.isEmpty() ? null : id;
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
        List<IndexProblem> problems = new ArrayList<>();
        for (LoadedPackage p : packages) {
            add(byId, new Entry(p.manifest().id(), p.manifest().version(), p.origin(), null, p), problems);
        }
        return new PackageIndex(List.of(), byId, problems, 0);
    }

    private static void add(Map<String, NavigableMap<Semver, Entry>> byId, Entry entry, List<IndexProblem> problems) {
        Semver version = Versions.parse(entry.version());
        NavigableMap<Semver, Entry> versions = byId.computeIfAbsent(key(entry.id()), k -> new TreeMap<>());
        Entry earlier = versions.putIfAbsent(version, entry);
        if (earlier == null) {
            return;
        }
        String here = PackageFiles.displayName(entry.origin());
        String there = PackageFiles.displayName(earlier.origin());
        Location at = Location.ofFile(here);
        if (!earlier.version().equals(entry.version())) {
            // SemVer orders versions that differ only in build metadata as one: which to deploy would be a guess.
            problems.add(new IndexProblem(key(entry.id()), Problem.error(entry.id() + " has two versions that differ"
                    + " only in build metadata: " + earlier.version() + " at " + there + " and " + entry.version()
                    + " at " + here + "; they cannot be told apart, remove one", at)));
        } else if (!sameManifest(earlier, entry)) {
            problems.add(new IndexProblem(key(entry.id()), Problem.error(entry.coordinates() + " is at " + there
                    + " and at " + here + " with different manifests; which one is meant would be a guess: remove"
                    + " one", at)));
        } else {
            problems.add(new IndexProblem(key(entry.id()), Problem.warning(entry.coordinates() + " is at " + there
                    + " and at " + here + " with the same manifest; " + there + " is used", at)));
        }
    }

    private static boolean sameManifest(Entry a, Entry b) {
        if (a.raw != null && b.raw != null) {
            return Arrays.equals(a.raw.bytes(), b.raw.bytes());
        }
        try {
            return a.load().digest().equals(b.load().digest());
        } catch (DeploymentException e) {
            return false;
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

    /** Problems met while indexing: unreadable packages, duplicates, each with the id it concerns. */
    public List<IndexProblem> problems() {
        return problems;
    }

    public List<Path> folders() {
        return folders;
    }

    /** How many packages' manifests this indexing read from their files (the others were remembered). */
    public int manifestsRead() {
        return manifestsRead;
    }
}
