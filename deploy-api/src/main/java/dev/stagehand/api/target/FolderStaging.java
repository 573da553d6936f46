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
     *
     * @param destination the folder that will receive the staged one
     * @return the staging folder's path, next to it
     */
    String stagingFolderFor(String destination);

    /**
     * Copies a local file to {@code path} directly, creating missing folders; {@code path} must
     * not exist and must lie inside a staging folder.
     *
     * @param localFile the file on the deployer's machine
     * @param path where it goes, inside a staging folder
     * @throws IOException when the copy fails or {@code path} exists
     */
    void copyStaged(Path localFile, String path) throws IOException;

    /**
     * Whether {@code destination} can receive a staged folder: it does not exist, or it is an
     * empty folder (made ready in Prepare, say), which the rename replaces.
     *
     * @param destination the folder that will receive the staged one
     * @return true when nothing, or an empty folder, is there
     * @throws IOException when the target cannot be asked
     */
    boolean isVacant(String destination) throws IOException;

    /**
     * Renames the staging folder to {@code destination}, which must be {@linkplain #isVacant vacant}.
     *
     * @param staging the filled staging folder
     * @param destination where it goes
     * @throws IOException when the rename fails; the staging folder stays for the next run to remove
     */
    void publish(String staging, String destination) throws IOException;
}
