package dev.stagehand.api.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * A package's files (folder or zip, unpacked on the deployer's machine). Paths are relative
 * to the package root with {@code /} separators; none may escape the root.
 */
public interface PackageContent {

    /** The package root on the deployer's machine. */
    Path root();

    /**
     * The files matching a pattern, sorted by path: {@code *}, {@code **}, {@code ?},
     * {@code {a,b}}; several patterns separated by {@code ;} or {@code ,} outside braces; a
     * pattern starting with {@code !} excludes.
     */
    List<String> find(String pattern) throws IOException;

    /** The local path of a package file; refuses paths that escape the package. */
    Path resolve(String relativePath);

    /**
     * A private, writable copy of a package file for steps that change files before they are
     * deployed (TaggedFile): made on first call, and from then on what {@link #resolve} and
     * {@link #find} give for that path. The package itself is never changed.
     */
    Path writable(String relativePath) throws IOException;

    default InputStream open(String relativePath) throws IOException {
        return java.nio.file.Files.newInputStream(resolve(relativePath));
    }

    default boolean exists(String relativePath) {
        return java.nio.file.Files.exists(resolve(relativePath));
    }
}
