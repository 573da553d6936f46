package dev.stagehand.api.target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A machine (or container) a deployment changes. Paths are the target's own absolute paths
 * as strings (a remote target's separators may differ from the deployer's).
 */
public interface DeploymentTarget extends AutoCloseable {

    /** A name for messages and the journal: {@code local}, {@code ssh://app1}. */
    String name();

    boolean exists(String path) throws IOException;

    /** Size and content hash of a file; empty when it does not exist. */
    Optional<FileInfo> stat(String path) throws IOException;

    /** Writes a file atomically (temporary file in the same folder, then rename); creates parent folders. */
    void write(String path, InputStream content) throws IOException;

    /** Copies a file from the deployer's machine onto the target, atomically. */
    void upload(Path localFile, String path) throws IOException;

    /** Reads a file of the target. */
    InputStream read(String path) throws IOException;

    /** Copies a folder tree within the target. */
    void copyTree(String from, String to) throws IOException;

    /** Moves (renames) a file or folder, replacing the destination. */
    void move(String from, String to) throws IOException;

    /** Deletes a file or a folder tree; nothing when absent. */
    void delete(String path) throws IOException;

    void createDirectories(String path) throws IOException;

    /** Files under a folder, as paths relative to it with {@code /}, sorted. */
    List<String> list(String folder) throws IOException;

    /** Runs a command on the target, streaming its output to the request's consumer. */
    CommandResult run(CommandRequest request) throws IOException, InterruptedException;

    /** Joins path parts with the target's separator. */
    String resolve(String base, String... parts);

    @Override
    default void close() throws IOException {
    }
}
