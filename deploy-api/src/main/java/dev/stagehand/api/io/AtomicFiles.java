package dev.stagehand.api.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes local files so that nobody ever sees one half written: the content goes to a temporary
 * file in the same folder (so the rename never crosses file systems), which is then renamed over
 * the target. With {@code force}, the content reaches stable storage before the rename, so a
 * power cut leaves the old file or the new one, never an empty one.
 */
public final class AtomicFiles {

    /** Writes the content of a file, given the temporary file to write it to. */
    @FunctionalInterface
    public interface Content {
        /**
         * Writes the whole content into {@code temporary}, which is renamed over the target afterwards.
         *
         * @param temporary the file to write, in the target's folder
         * @throws IOException when it cannot be written; the target is left as it was
         */
        void writeTo(Path temporary) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Replaces (or creates) {@code file} with {@code bytes}; creates missing parent folders.
     *
     * @param file the file to replace
     * @param bytes its new content
     * @param force whether the content must reach stable storage before the rename
     * @throws IOException when it cannot be written; the old file stays
     */
    public static void write(Path file, byte[] bytes, boolean force) throws IOException {
        write(file, force, temporary -> {
            try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.TRUNCATE_EXISTING)) {
                out.write(bytes);
            }
        });
    }

    /**
     * Replaces (or creates) {@code file} with what {@code content} writes; creates missing parent folders.
     *
     * @param file the file to replace
     * @param force whether the content must reach stable storage before the rename
     * @param content writes the new content to the temporary file
     * @throws IOException when it cannot be written; the old file stays
     */
    public static void write(Path file, boolean force, Content content) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        // createDirectories throws and catches internally when the folder exists: costly per file.
        if (!Files.isDirectory(folder)) {
            Files.createDirectories(folder);
        }
        Path temporary = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
        try {
            content.writeTo(temporary);
            if (force) {
                force(temporary);
            }
            replace(temporary, file);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Renames {@code from} over {@code to}, atomically where the file system can.
     *
     * @param from the file to rename
     * @param to the file it replaces
     * @throws IOException when the rename fails
     */
    public static void replace(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Forces a file, or the names in a folder, to stable storage.
     *
     * @param path a file or a folder
     * @throws IOException when the file system refuses
     */
    public static void force(Path path) throws IOException {
        // A folder can only be opened for reading; forcing it makes the names in it durable.
        try (FileChannel channel = FileChannel.open(path, Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)
                ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }
}
