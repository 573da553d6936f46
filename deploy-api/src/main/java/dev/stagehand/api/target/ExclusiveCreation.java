package dev.stagehand.api.target;

import java.io.IOException;

/**
 * A target capability: create a file only when none of its name exists, in one atomic step
 * ({@code O_EXCL}), so that of several deployers racing for a lock file on the target exactly one
 * wins. A journal kept on a target locks it only when the target has this capability.
 */
public interface ExclusiveCreation {

    /**
     * Creates {@code path} holding {@code content}, readable by its owner only, creating missing
     * parent folders.
     *
     * @param path    the file on the target
     * @param content what it holds
     * @return false, changing nothing, when {@code path} exists already
     * @throws IOException when the target cannot create it
     */
    boolean createNew(String path, byte[] content) throws IOException;
}
