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
     * @return the hex SHA-256 of the content kept, to record as the file's state before
     *         ({@link dev.stagehand.api.journal.FileUndo#before()})
     */
    String keep(DeploymentTarget target, String path) throws IOException;

    /** Whether a content is kept. */
    boolean contains(String sha256);

    /** The content kept under its hash. */
    InputStream open(String sha256) throws IOException;
}
