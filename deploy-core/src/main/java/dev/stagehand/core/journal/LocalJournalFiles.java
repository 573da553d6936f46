package dev.stagehand.core.journal;

import dev.stagehand.api.io.AtomicFiles;
import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockRequest;
import dev.stagehand.core.internal.engine.StateFolders;
import dev.stagehand.core.internal.engine.StateLock;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A journal's files in a local state folder: atomic rewrites with fsync, appends forced to disk
 * (or, when lazy, by the next forced append or force of the file).
 */
final class LocalJournalFiles implements JournalFiles {

    private final Path folder;
    /** Files with lines appended lazily since their last force. */
    private final Set<String> lazy = ConcurrentHashMap.newKeySet();

    LocalJournalFiles(Path folder) {
        this.folder = folder;
    }

    Path folder() {
        return folder;
    }

    @Override
    public Optional<byte[]> read(String name) throws IOException {
        Path file = folder.resolve(name);
        if (!Files.exists(file)) {
            // Also under a state folder that is a file: the lock then says what is wrong with it.
            return Optional.empty();
        }
        try {
            return Optional.of(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public void write(String name, byte[] content) throws IOException {
        Path file = folder.resolve(name);
        StateFolders.create(folder);
        StateFolders.create(file.toAbsolutePath().getParent());
        AtomicFiles.write(file, content, true);
        // The file forced whole replaces whatever lines waited.
        lazy.remove(name);
    }

    @Override
    public void append(String name, byte[] line) throws IOException {
        append(name, line, true);
    }

    @Override
    public void appendLazily(String name, byte[] line) throws IOException {
        append(name, line, false);
    }

    private void append(String name, byte[] line, boolean force) throws IOException {
        Path file = folder.resolve(name);
        StateFolders.create(folder);
        boolean made = !Files.exists(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(line));
            if (force) {
                // One fsync makes the lines appended lazily before this one durable too.
                channel.force(false);
                lazy.remove(name);
            } else {
                lazy.add(name);
            }
        }
        if (made) {
            StateFolders.ownerOnly(file);
        }
    }

    @Override
    public void force(String name) throws IOException {
        if (!lazy.remove(name)) {
            return;
        }
        Path file = folder.resolve(name);
        if (Files.exists(file)) {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                channel.force(false);
            }
        }
    }

    /** Whether lines of the file wait for a force (tests). */
    boolean waitsForForce(String name) {
        return lazy.contains(name);
    }

    @Override
    public String describe(String name) {
        return name.equals(".") ? folder.toString() : folder.resolve(name).toString();
    }

    @Override
    public Optional<JournalLock> lock(LockRequest request) throws IOException, InterruptedException {
        return Optional.of(StateLock.acquire(folder, request));
    }
}
