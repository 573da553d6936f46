package dev.stagehand.core.internal.packages;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Checks that a relative path written in a package (a zip entry, a {@code contentPath}, an
 * injected file) stays inside its folder: no {@code ..} segment, no absolute path, no drive.
 */
public final class SafePaths {

    private SafePaths() {
    }

    /**
     * Why {@code relative} would escape its folder, or empty when it is safe. Both separators
     * count, since packages are built on Windows too.
     */
    public static Optional<String> escapeReason(String relative) {
        if (relative == null || relative.isEmpty()) {
            return Optional.of("the path is empty");
        }
        String normalized = relative.replace('\\', '/');
        if (normalized.startsWith("/")) {
            return Optional.of("the path is absolute");
        }
        if (normalized.length() >= 2 && normalized.charAt(1) == ':' && Character.isLetter(normalized.charAt(0))) {
            return Optional.of("the path names a drive");
        }
        for (String segment : normalized.split("/")) {
            if (segment.equals("..")) {
                return Optional.of("the path climbs out of its folder with '..'");
            }
        }
        if (normalized.indexOf('\0') >= 0) {
            return Optional.of("the path holds a NUL character");
        }
        return Optional.empty();
    }

    /**
     * Resolves {@code relative} under {@code root}, refusing any path that would end outside it.
     *
     * @throws IllegalArgumentException saying why, when the path escapes
     */
    public static Path resolveInside(Path root, String relative) {
        Optional<String> reason = escapeReason(relative);
        if (reason.isPresent()) {
            throw new IllegalArgumentException("'" + relative + "' is refused: " + reason.get());
        }
        Path base = root.toAbsolutePath().normalize();
        Path resolved = base.resolve(relative.replace('\\', '/')).normalize();
        if (!resolved.startsWith(base)) {
            throw new IllegalArgumentException("'" + relative + "' is refused: it resolves outside " + root);
        }
        return resolved;
    }
}
