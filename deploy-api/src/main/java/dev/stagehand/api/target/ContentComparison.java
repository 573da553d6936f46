package dev.stagehand.api.target;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A target capability: whether a file of the target holds the same bytes as a local file, with the
 * local file's SHA-256 when it does. A target of the deployer's own machine reads both side by side
 * and hashes only the local one, which costs about half of hashing both ({@link ContentHashing}); a
 * file deployment without a record of what it copied compares every file this way.
 */
public interface ContentComparison {

    /**
     * The hex SHA-256 of {@code localFile} when the target's file {@code path} holds the same
     * bytes; empty when it differs or is absent. Reading may stop at the first difference.
     *
     * @param localFile a file of the deployer's machine
     * @param path a path in the target's syntax
     * @return the local file's hash in lower-case hex, when both are the same
     * @throws IOException when a file cannot be read
     */
    Optional<String> sha256IfSame(Path localFile, String path) throws IOException;
}
