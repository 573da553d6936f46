package dev.stagehand.core.internal.content;

import dev.stagehand.api.spi.PackageContent;
import dev.stagehand.api.spi.RecordedContent;
import dev.stagehand.core.internal.packages.SafePaths;
import dev.stagehand.core.internal.packages.ZipPackage;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.nio.file.LinkOption;

/**
 * The files of a package unpacked into a local folder. Files a step changes before deploying
 * them (TaggedFile) are copied into a private overlay folder first; from then on the overlay's
 * copy is the package's file, and the package itself is never written. A zipped package's files
 * are unpacked into the folder one by one, when a step first asks for them
 * ({@link #unpackOnDemand}): a deployment unpacks only what its steps use.
 */
public final class DefaultPackageContent implements PackageContent, AutoCloseable {

    private final Path root;
    private final Path overlay;
    /** The root with links resolved, found on first need (an unpacked zip's root exists only from Acquire on). */
    private volatile Path realRoot;
    /**
     * The overlay copies made by {@link #writable} in this run (the overlay is this run's own
     * folder), so that finding a file costs no look at the overlay when nothing was changed.
     */
    private final Set<Path> changedCopies = ConcurrentHashMap.newKeySet();
    /**
     * The package files found inside the package for real: a package does not change while it is
     * deployed, and resolving links costs a look at every folder of the path.
     */
    private final Set<Path> inside = ConcurrentHashMap.newKeySet();
    /** What each glob pattern matched: Validate, the fingerprint and Execute ask for the same ones. */
    private final Map<String, List<String>> globbed = new ConcurrentHashMap<>();
    /** The zip whose entries are unpacked into the root on first use; null for a folder. */
    private volatile ZipPackage archive;
    /** The entries unpacked so far. */
    private final Set<String> unpacked = ConcurrentHashMap.newKeySet();

    /** Read-only content: {@link #writable} is refused. */
    public DefaultPackageContent(Path root) {
        this(root, null);
    }

    /**
     * @param overlay the private folder holding changed copies (created on first change): this
     *                instance's own, fresh for the run; copies another instance made are not seen
     */
    public DefaultPackageContent(Path root, Path overlay) {
        this.root = root.toAbsolutePath().normalize();
        this.overlay = overlay == null ? null : overlay.toAbsolutePath().normalize();
    }

    @Override
    public Path root() {
        return root;
    }

    /**
     * From now on the files of this content are the entries of {@code zip}, unpacked into the root
     * when first resolved; the zip is closed with this content.
     */
    public void unpackOnDemand(ZipPackage zip) throws IOException {
        Files.createDirectories(root);
        this.archive = zip;
    }

    @Override
    public void close() throws IOException {
        ZipPackage zip = archive;
        if (zip != null) {
            zip.close();
        }
    }

    /**
     * A plain path is looked up; a glob walks the package once per pattern and deployment.
     *
     * @throws IllegalArgumentException naming the pattern when it would reach outside the package
     */
    @Override
    public List<String> find(String pattern) throws IOException {
        Optional<String> plain = ContentPattern.literal(pattern);
        if (plain.isPresent()) {
            // One file named outright: a package of a thousand such steps must not be walked a thousand times.
            ZipPackage zip = archive;
            if (zip != null && !isChanged(plain.get())) {
                // A zip's entry is looked up, not unpacked.
                SafePaths.resolveInside(root, plain.get());
                return zip.contains(entryName(plain.get())) ? List.of(plain.get()) : List.of();
            }
            Path file = resolve(plain.get());
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? List.of(plain.get()) : List.of();
        }
        List<String> known = globbed.get(pattern);
        if (known != null) {
            return known;
        }
        ContentPattern content = ContentPattern.parse(pattern);
        List<String> found = new ArrayList<>();
        ZipPackage zip = archive;
        if (zip != null) {
            for (String name : zip.names()) {
                if (content.matches(Path.of(name))) {
                    found.add(name);
                }
            }
            Collections.sort(found);
            List<String> result = List.copyOf(found);
            globbed.put(pattern, result);
            return result;
        }
        boolean slashSeparated = root.getFileSystem().getSeparator().equals("/");
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                // Links are skipped: one could point outside the package and smuggle a file in.
                if (attributes.isRegularFile()) {
                    Path relative = root.relativize(file);
                    if (content.matches(relative)) {
                        String name = relative.toString();
                        found.add(slashSeparated ? name : name.replace('\\', '/'));
                    }
                }
                return FileVisitResult.CONTINUE;
            }
        });
        Collections.sort(found);
        List<String> result = List.copyOf(found);
        // An unpacked zip's root exists from Acquire on: what was asked before is not kept.
        if (Files.isDirectory(root)) {
            globbed.put(pattern, result);
        }
        return result;
    }

    @Override
    public Path resolve(String relativePath) {
        Path original = SafePaths.resolveInside(root, relativePath);
        if (overlay != null && !changedCopies.isEmpty()) {
            Path changed = SafePaths.resolveInside(overlay, relativePath);
            if (changedCopies.contains(changed)) {
                return changed;
            }
        }
        if (archive != null) {
            unpack(relativePath);
        }
        return insideForReal(original, relativePath);
    }

    /**
     * A zip entry's recorded size and CRC-32, read from the zip's central directory without
     * unpacking anything; nothing for a package folder, for a file a step changed in this run
     * ({@link #writable}: its content is no longer the entry's) or for a name that is no entry.
     */
    @Override
    public Optional<RecordedContent> recorded(String relativePath) {
        ZipPackage zip = archive;
        if (zip == null || isChanged(relativePath)) {
            return Optional.empty();
        }
        SafePaths.resolveInside(root, relativePath);
        return zip.recorded(entryName(relativePath));
    }

    /** Whether the package has the file or folder; a zip's entry is not unpacked to tell. */
    @Override
    public boolean exists(String relativePath) {
        ZipPackage zip = archive;
        if (zip == null || isChanged(relativePath)) {
            return Files.exists(resolve(relativePath));
        }
        SafePaths.resolveInside(root, relativePath);
        String name = entryName(relativePath);
        String folder = name + "/";
        return zip.contains(name) || zip.names().stream().anyMatch(n -> n.startsWith(folder));
    }

    /**
     * Unpacks the entry {@code relativePath}, or every entry under it when it names a folder, the
     * first time it is asked for.
     *
     * @throws dev.stagehand.api.ManifestException when an entry breaks the zip's limits
     * @throws IllegalArgumentException when it cannot be unpacked
     */
    private void unpack(String relativePath) {
        ZipPackage zip = archive;
        String name = entryName(relativePath);
        if (unpacked.contains(name)) {
            return;
        }
        synchronized (this) {
            if (unpacked.contains(name)) {
                return;
            }
            try {
                if (zip.contains(name)) {
                    zip.extract(name, SafePaths.resolveInside(root, name));
                } else {
                    String folder = name.isEmpty() ? "" : name + "/";
                    for (String entry : zip.names()) {
                        if (entry.startsWith(folder) && unpacked.add(entry)) {
                            zip.extract(entry, SafePaths.resolveInside(root, entry));
                        }
                    }
                }
            } catch (IOException e) {
                throw new IllegalArgumentException("'" + relativePath + "' cannot be unpacked: " + e.getMessage(), e);
            }
            unpacked.add(name);
        }
    }

    private static String entryName(String relativePath) {
        String name = relativePath.replace('\\', '/');
        while (name.startsWith("./")) {
            name = name.substring(2);
        }
        while (name.endsWith("/")) {
            name = name.substring(0, name.length() - 1);
        }
        return name.equals(".") ? "" : name;
    }

    /**
     * A package may hold symbolic links; one pointing out of the package (at ~/.ssh, say) must not
     * let a step read or deploy what it points at.
     */
    private Path insideForReal(Path path, String relativePath) {
        if (inside.contains(path)) {
            return path;
        }
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (java.nio.file.NoSuchFileException e) {
            return path;
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + relativePath + "' cannot be resolved: " + e.getMessage(), e);
        }
        Path parent = path.getParent();
        // Not a link, in a folder found inside for real: inside too, without a look at every folder of its path.
        if (!attributes.isSymbolicLink() && parent != null && inside.contains(parent)) {
            inside.add(path);
            return path;
        }
        try {
            Path real = path.toRealPath();
            if (realRoot == null) {
                realRoot = root.toRealPath();
            }
            if (!real.startsWith(realRoot)) {
                throw new IllegalArgumentException("'" + relativePath + "' is refused: it is a link that leads out of"
                        + " the package");
            }
            inside.add(path);
            if (!attributes.isSymbolicLink() && parent != null && !real.equals(realRoot)) {
                // Its real path is its folder's real path and its name: that folder leads nowhere outside either.
                inside.add(parent);
            }
            return path;
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + relativePath + "' cannot be resolved: " + e.getMessage(), e);
        }
    }

    /** Whether a step of this run changed its private copy of the file ({@link #writable}). */
    public boolean isChanged(String relativePath) {
        return overlay != null && !changedCopies.isEmpty() && SafePaths.escapeReason(relativePath).isEmpty()
                && changedCopies.contains(SafePaths.resolveInside(overlay, relativePath));
    }

    @Override
    public Path writable(String relativePath) throws IOException {
        if (overlay == null) {
            throw new UnsupportedOperationException("this package content is read-only");
        }
        Path changed = SafePaths.resolveInside(overlay, relativePath);
        if (!Files.exists(changed)) {
            if (archive != null) {
                unpack(relativePath);
            }
            Path original = insideForReal(SafePaths.resolveInside(root, relativePath), relativePath);
            Files.createDirectories(changed.getParent());
            Files.copy(original, changed, java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        changedCopies.add(changed);
        return changed;
    }

    @Override
    public String toString() {
        return root.toString();
    }
}
