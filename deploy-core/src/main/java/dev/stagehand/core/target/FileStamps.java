package dev.stagehand.core.target;

import java.io.IOException;
import java.util.Optional;

/**
 * A target that can tell a file's {@link FileStamp} cheaply (one metadata call, no read).
 * {@link dev.stagehand.api.target.DeploymentTarget#stat} always hashes the content, which
 * makes checking an unchanged deployment cost as much as copying it; a target that also
 * implements this lets a fingerprint cache answer instead.
 */
public interface FileStamps {

    /** The stamp of a file, empty when it is absent or not a regular file. */
    Optional<FileStamp> stamp(String path) throws IOException;
}
