package dev.stagehand.api.target;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A target capability: fill a folder nobody uses yet, then rename it into place whole. Writing a
 * file under its final name costs a temporary file and a rename so that nobody sees it half
 * written; inside a staging folder renamed only once complete, the plain copy is as safe.
 */
public interface FolderStaging {

    /**
     * Where to stage a new {@code destination}: a sibling, so the final rename stays on one file
     * system. The same for the same destination, so what a crashed run left there is found and
     * removed by the next one.
     */
    String stagingFolderFor(String destination);

    /**
     * Copies a local file to {@code path} directly, creating missing folders; {@code path} must
     * not exist and must lie inside a staging folder.
     */
    void copyStaged(Path localFile, String path) throws IOException;

    /**
     * Whether {@code destination} can receive a staged folder: it does not exist, or it is an
     * empty folder (made ready in Prepare, say), which the rename replaces.
     */
    boolean isVacant(String destination) throws IOException;

    /** Renames the staging folder to {@code destination}, which must be {@linkplain #isVacant vacant}. */
    void publish(String staging, String destination) throws IOException;
}
