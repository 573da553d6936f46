package dev.stagehand.core.internal.content;

import dev.stagehand.api.spi.PackageContent;
import dev.stagehand.core.internal.packages.SafePaths;
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
 * copy is the package's file, and the package itself is never written.
 */
public final class DefaultPackageContent implements PackageContent {

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
     * A plain path is looked up; a glob walks the package once per pattern and deployment.
     *
     * @throws IllegalArgumentException naming the pattern when it would reach outside the package
     */
    @Override
    public List<String> find(String pattern) throws IOException {
        Optional<String> plain = ContentPattern.literal(pattern);
        if (plain.isPresent()) {
            // One file named outright: a package of a thousand such steps must not be walked a thousand times.
            Path file = resolve(plain.get());
            return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) ? List.of(plain.get()) : List.of();
        }
        List<String> known = globbed.get(pattern);
        if (known != null) {
            return known;
        }
        ContentPattern content = ContentPattern.parse(pattern);
        List<String> found = new ArrayList<>();
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
        return insideForReal(original, relativePath);
    }

    /**
     * A package may hold symbolic links; one pointing out of the package (at ~/.ssh, say) must not
     * let a step read or deploy what it points at.
     */
    private Path insideForReal(Path path, String relativePath) {
        if (inside.contains(path)) {
            return path;
        }
        if (!Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
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
