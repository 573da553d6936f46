package dev.stagehand.api.target;

import java.io.IOException;
import java.util.Optional;

/**
 * A target capability: a file's {@link FileStamp} in one cheap call, so that a cache of what
 * was deployed can vouch for an unchanged file without reading it.
 */
public interface FileStamps {

    /**
     * The stamp of a file, empty when it is absent or not a regular file.
     *
     * @param path a path in the target's syntax
     * @return the stamp
     * @throws IOException when the target cannot be asked
     */
    Optional<FileStamp> stamp(String path) throws IOException;
}
