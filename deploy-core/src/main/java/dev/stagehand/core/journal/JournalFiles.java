package dev.stagehand.core.journal;

import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockRequest;
import java.io.IOException;
import java.util.Optional;

/**
 * Where a {@link FileDeploymentJournal} keeps its files: a local state folder, or the
 * {@code .deploy/} folder of a target reached through the target's own file operations. Names are
 * relative to that folder, written with {@code /}.
 */
interface JournalFiles {

    /** The content of a file, empty when it is absent. */
    Optional<byte[]> read(String name) throws IOException;

    /** Replaces a file whole (a crash leaves the old or the new content), readable by the owner only. */
    void write(String name, byte[] content) throws IOException;

    /** Adds a line at the end of a file, durably before returning. */
    void append(String name, byte[] line) throws IOException;

    /**
     * Adds a line at the end of a file that may wait for the next {@link #append} or
     * {@link #force} of that file to be durable: handed to the operating system, so that only a
     * crash of the machine, not of the process, can lose it. By default as durable as {@link #append}.
     */
    default void appendLazily(String name, byte[] line) throws IOException {
        append(name, line);
    }

    /** Makes every line appended lazily to the file durable; nothing to do by default. */
    default void force(String name) throws IOException {
    }

    /** The file as messages name it. */
    String describe(String name);

    /** The lock of the folder, empty when these files cannot be locked. */
    Optional<JournalLock> lock(LockRequest request) throws IOException, InterruptedException;
}
