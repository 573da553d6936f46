package dev.stagehand.api.target;

import java.io.IOException;
import java.time.Instant;

/**
 * A target that can set a file's modification time: a rollback that puts a file's earlier content
 * back gives it the time the journal recorded with that content, so the file reads as unchanged
 * to a later uninstall or verify. Without it, such a file reads as changed (and is kept).
 */
public interface FileTimes {

    /**
     * Sets a file's modification time.
     *
     * @param path     the file on the target
     * @param modified the time to give it
     * @throws IOException when the target cannot
     */
    void setModified(String path, Instant modified) throws IOException;
}
