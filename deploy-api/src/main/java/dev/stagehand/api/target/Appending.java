package dev.stagehand.api.target;

import java.io.IOException;

/**
 * A target capability: add bytes at the end of a file without sending or rewriting what it
 * holds already ({@code O_APPEND}, SFTP's append mode). A journal kept on a target adds a line per
 * step this way; without the capability, each line costs a read of the whole file and an atomic
 * rewrite of it, which grows with every step of a deployment.
 *
 * <p>Unlike {@link DeploymentTarget#write}, an append is not atomic: an append cut short (a lost
 * connection, a killed process) may leave the first part of the bytes at the end of the file.
 * What the file held before is never changed. Readers of an appended file tolerate a torn last
 * line. An appended file is durable once the target has {@linkplain Flushing#flush flushed}.
 */
public interface Appending {

    /**
     * Adds {@code bytes} at the end of {@code path}, creating it (and missing parent folders),
     * readable by its owner only, when it does not exist.
     *
     * @param path  the file on the target
     * @param bytes what to add at its end
     * @throws IOException when the target cannot append; the file then ends with at most a first part of the bytes
     */
    void append(String path, byte[] bytes) throws IOException;
}
