package dev.stagehand.api.spi;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A package's files (folder or zip, unpacked on the deployer's machine). Paths are relative
 * to the package root with {@code /} separators; none may escape the root.
 */
public interface PackageContent {

    /** {@return the package root on the deployer's machine} */
    Path root();

    /**
     * The files matching a pattern, sorted by path: {@code *}, {@code **}, {@code ?},
     * {@code {a,b}}; several patterns separated by {@code ;} or {@code ,} outside braces; a
     * pattern starting with {@code !} excludes.
     *
     * @param pattern the patterns, relative to the package root, with {@code /}
     * @return the matching files' paths, relative, with {@code /}
     * @throws IOException when the package cannot be walked
     */
    List<String> find(String pattern) throws IOException;

    /**
     * The local path of a package file; refuses paths that escape the package.
     *
     * @param relativePath a path relative to the package root, with {@code /}
     * @return the file's path on the deployer's machine
     * @throws dev.stagehand.api.DeploymentException when the path climbs out of the package
     */
    Path resolve(String relativePath);

    /**
     * A private, writable copy of a package file for steps that change files before they are
     * deployed (TaggedFile): made on first call, and from then on what {@link #resolve} and
     * {@link #find} give for that path. The package itself is never changed.
     *
     * @param relativePath a path relative to the package root, with {@code /}
     * @return the writable copy's path
     * @throws IOException when the copy cannot be made
     */
    Path writable(String relativePath) throws IOException;

    /**
     * Opens a package file for reading.
     *
     * @param relativePath a path relative to the package root, with {@code /}
     * @return the file's bytes; the caller closes the stream
     * @throws IOException when the file is absent or cannot be read
     */
    default InputStream open(String relativePath) throws IOException {
        return java.nio.file.Files.newInputStream(resolve(relativePath));
    }

    /**
     * Whether a package file exists.
     *
     * @param relativePath a path relative to the package root, with {@code /}
     * @return true when it exists
     */
    default boolean exists(String relativePath) {
        return java.nio.file.Files.exists(resolve(relativePath));
    }

    /**
     * What the package records of a file without reading it: for a file of a zipped package, the
     * entry's size and CRC-32 from the zip's central directory; nothing for a package folder, for a
     * file a step changed ({@link #writable}) or for an entry that records no CRC-32. Asking never
     * unpacks the file. The engine checks the CRC-32 of every entry it unpacks, so content that
     * does not match what the zip records is refused when it is read.
     *
     * @param relativePath a path relative to the package root, with {@code /}
     * @return the recorded size and CRC-32, or empty when the package records none
     */
    default Optional<RecordedContent> recorded(String relativePath) {
        return Optional.empty();
    }
}
