package dev.stagehand.api.target;

import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import dev.stagehand.api.io.Sha256;

/**
 * A target capability: the SHA-256 of a file computed where the file lies (a remote target runs
 * {@code sha256sum} there), so comparing a file does not read it back over the network. Without
 * it, {@link #sha256(DeploymentTarget, String)} reads the file through the target.
 */
public interface ContentHashing {

    /**
     * The hex SHA-256 of a regular file, empty when it is absent.
     *
     * @param path a path in the target's syntax
     * @return the hash in lower-case hex
     * @throws IOException when the file cannot be read
     */
    Optional<String> sha256(String path) throws IOException;

    /**
     * The hex SHA-256 of a file of any target: by the capability when it has it, else by reading the file.
     *
     * @param target any target
     * @param path a path in the target's syntax
     * @return the hash in lower-case hex; empty when the file is absent
     * @throws IOException when the file cannot be read
     */
    static Optional<String> sha256(DeploymentTarget target, String path) throws IOException {
        Optional<ContentHashing> hashing = target.capability(ContentHashing.class);
        if (hashing.isPresent()) {
            return hashing.get().sha256(path);
        }
        if (target.stat(path).isEmpty()) {
            return Optional.empty();
        }
        try (InputStream in = target.read(path)) {
            return Optional.of(Sha256.of(in));
        }
    }
}
