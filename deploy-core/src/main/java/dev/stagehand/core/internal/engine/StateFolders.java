package dev.stagehand.core.internal.engine;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * State, work and cache folders are the deploying user's alone: they hold tagged copies of
 * files with secrets in them, undo copies of deployed files and the journal. Folders are made
 * 0700 and the files the engine writes there 0600 where the file system has POSIX permissions.
 */
public final class StateFolders {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private StateFolders() {
    }

    /** Makes {@code folder} and its missing parents; the folder itself (not parents that existed) owner-only. */
    public static Path create(Path folder) throws IOException {
        Files.createDirectories(folder);
        if (POSIX && !Files.getPosixFilePermissions(folder).equals(FOLDER)) {
            Files.setPosixFilePermissions(folder, FOLDER);
        }
        return folder;
    }

    /** Makes {@code file} readable and writable by its owner only. */
    public static void ownerOnly(Path file) throws IOException {
        if (POSIX) {
            Files.setPosixFilePermissions(file, FILE);
        }
    }
}
