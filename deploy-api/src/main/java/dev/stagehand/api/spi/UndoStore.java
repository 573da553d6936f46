package dev.stagehand.api.spi;

import dev.stagehand.api.target.DeploymentTarget;
import java.io.IOException;
import java.io.InputStream;

/**
 * Copies of files as they were before a step overwrote them, kept on the deployer's machine (in
 * the state folder, readable by its owner only: deployed files may hold secrets) by the hash of
 * their content, so that two copies of one content cost one. The engine removes a copy once no
 * journal record can roll back to it.
 */
public interface UndoStore {

    /**
     * Keeps the content of a target's file as it is now; call it right before overwriting the file.
     *
     * @param target the target
     * @param path   the file on it
     * @return the hex SHA-256 of the content kept, to record as the file's state before
     *         ({@link dev.stagehand.api.journal.FileUndo#before()})
     * @throws IOException when the file cannot be read or kept
     */
    String keep(DeploymentTarget target, String path) throws IOException;

    /**
     * Whether a content is kept.
     *
     * @param sha256 its hex SHA-256
     * @return true when the store holds it
     */
    boolean contains(String sha256);

    /**
     * The content kept under its hash.
     *
     * @param sha256 its hex SHA-256
     * @return a stream of the content, for the caller to close
     * @throws IOException when it is not kept or cannot be read
     */
    InputStream open(String sha256) throws IOException;
}
