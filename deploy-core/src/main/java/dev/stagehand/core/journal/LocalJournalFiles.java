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

/** A journal's files in a local state folder: atomic rewrites with fsync, appends forced to disk. */
final class LocalJournalFiles implements JournalFiles {

    private final Path folder;

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
    }

    @Override
    public void append(String name, byte[] line) throws IOException {
        Path file = folder.resolve(name);
        StateFolders.create(folder);
        boolean made = !Files.exists(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(line));
            channel.force(false);
        }
        if (made) {
            StateFolders.ownerOnly(file);
        }
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
