package dev.stagehand.api.target;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A machine (or container) a deployment changes. Every change a step makes goes through its
 * target, so that a handler works the same on the deployer's machine and on a remote one.
 *
 * <h2>Paths</h2>
 * A target path is a string in the target's own syntax, which may differ from the deployer's
 * (a Windows machine's {@code C:\app} seen from Linux, say). {@link #isAbsolute} tells whether a
 * path stands on its own; a path that is not absolute is relative to the target's <em>base
 * folder</em>: for the local target the folder it was opened on (the working folder unless
 * configured), for a remote target the folder its URI names ({@code ssh://host/srv/app}).
 * {@link #resolve} joins a base path and parts with the target's separator; parts are written
 * with {@code /} (as package paths are) and are converted. Folder listings come back relative,
 * with {@code /}. Nothing here checks that a path stays inside a folder: handlers join only
 * parts they have checked (package paths are checked by {@link dev.stagehand.api.spi.PackageContent}).
 *
 * <h2>Capabilities</h2>
 * What some targets can do beyond these basics (flush writes to stable storage at a chosen
 * point, fill a staging folder and swap it into place, tell a file's stamp without reading it,
 * hash a file where it lies, take calls from several threads) is asked for with
 * {@link #capability}; a caller always has a plain fallback for when a capability is absent.
 */
public interface DeploymentTarget extends AutoCloseable {

    /** {@return a name for messages and the journal: {@code local}, {@code ssh://app1}} */
    String name();

    /**
     * An optional capability of this target: {@code target.capability(Flushing.class)}. The
     * default answers with the target itself when it implements the capability's interface;
     * a target may return a separate object instead.
     *
     * @param <T> the capability's interface
     * @param type the capability's interface, e.g. {@code Flushing.class}
     * @return the capability; empty when this target does not have it
     */
    default <T> Optional<T> capability(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    /**
     * Whether {@code path} stands on its own, rather than being relative to the base folder.
     *
     * @param path a path in the target's syntax
     * @return true when it is absolute; false when it is relative to the base folder
     */
    boolean isAbsolute(String path);

    /**
     * Creates a new, empty folder on the target that only the deploying user can read, for files
     * a step needs while it runs (a script, a file of secrets); the caller removes it.
     *
     * @param prefix the start of the folder's name
     * @return the folder's path on the target
     * @throws IOException when the folder cannot be created
     */
    String createTempDirectory(String prefix) throws IOException;

    /**
     * Whether a file or folder exists.
     *
     * @param path a path in the target's syntax
     * @return true when something is there
     * @throws IOException when the target cannot be asked
     */
    boolean exists(String path) throws IOException;

    /**
     * Size and modification time of a regular file, without reading it; empty when it is absent or not a file.
     *
     * @param path a path in the target's syntax
     * @return the file's size and time; empty when absent or not a regular file
     * @throws IOException when the target cannot be asked
     */
    Optional<FileInfo> stat(String path) throws IOException;

    /**
     * Writes a file atomically (temporary file in the same folder, then rename); creates parent folders.
     *
     * @param path where the file goes, in the target's syntax
     * @param content the bytes to write, read to the end (not closed)
     * @throws IOException when the file cannot be written; what was there before stays
     */
    void write(String path, InputStream content) throws IOException;

    /**
     * Copies a file from the deployer's machine onto the target, atomically.
     *
     * @param localFile the file on the deployer's machine
     * @param path where it goes, in the target's syntax
     * @throws IOException when either side fails; what was there before stays
     */
    void upload(Path localFile, String path) throws IOException;

    /**
     * Reads a file of the target.
     *
     * @param path a path in the target's syntax
     * @return the file's bytes; the caller closes the stream
     * @throws java.nio.file.NoSuchFileException when the file is absent (a caller reads without
     *                                           asking first whether it is there)
     * @throws IOException when the file cannot be read
     */
    InputStream read(String path) throws IOException;

    /**
     * Copies a folder tree within the target.
     *
     * @param from the folder to copy
     * @param to where the copy goes
     * @throws IOException when the copy fails
     */
    void copyTree(String from, String to) throws IOException;

    /**
     * Moves (renames) a file or folder, replacing the destination.
     *
     * @param from the file or folder to move
     * @param to its new path; replaced when it exists
     * @throws IOException when the move fails
     */
    void move(String from, String to) throws IOException;

    /**
     * Deletes a file or a folder tree; nothing when absent.
     *
     * @param path the file or folder to delete
     * @throws IOException when something is there but cannot be deleted
     */
    void delete(String path) throws IOException;

    /**
     * Creates a folder and its missing parents; nothing when it exists.
     *
     * @param path the folder, in the target's syntax
     * @throws IOException when a folder cannot be created (a file stands in the way, say)
     */
    void createDirectories(String path) throws IOException;

    /**
     * Files under a folder, as paths relative to it with {@code /}, sorted.
     *
     * @param folder the folder to list, in the target's syntax
     * @return the regular files anywhere under it
     * @throws IOException when the folder cannot be listed
     */
    List<String> list(String folder) throws IOException;

    /**
     * Runs a command on the target, handing each line of its standard output and of its standard
     * error to the request's consumers as it comes.
     *
     * @param request the command, its arguments, environment and consumers
     * @return how the command ended
     * @throws IOException when the command cannot be started or its streams fail
     * @throws InterruptedException when the calling thread is interrupted while it waits
     */
    CommandResult run(CommandRequest request) throws IOException, InterruptedException;

    /**
     * Joins a base path and parts (written with {@code /}) with the target's separator.
     *
     * @param base a path in the target's syntax
     * @param parts further parts, written with {@code /}
     * @return the joined path in the target's syntax
     */
    String resolve(String base, String... parts);

    @Override
    default void close() throws IOException {
    }
}
