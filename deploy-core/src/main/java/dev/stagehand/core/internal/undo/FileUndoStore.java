package dev.stagehand.core.internal.undo;

import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.spi.UndoStore;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.core.internal.engine.StateFolders;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The undo store of a state folder: {@code undo/<sha256>}, one file per content, the folder 0700
 * and its files 0600 (the copies may hold secrets). A copy is written beside its final name and
 * renamed into place, so a crash never leaves a copy that does not match its name.
 */
public final class FileUndoStore implements UndoStore {

    static final String FOLDER = "undo";
    private static final Logger LOG = LoggerFactory.getLogger(FileUndoStore.class);
    private static final Pattern HASH = Pattern.compile("[0-9a-f]{64}");

    private final Path folder;

    private FileUndoStore(Path folder) {
        this.folder = folder;
    }

    /** The store of a state folder (created on first copy). */
    public static FileUndoStore of(Path stateFolder) {
        return new FileUndoStore(stateFolder.resolve(FOLDER));
    }

    public Path folder() {
        return folder;
    }

    @Override
    public String keep(DeploymentTarget target, String path) throws IOException {
        StateFolders.create(folder);
        Path temp = Files.createTempFile(folder, ".copy", ".tmp");
        try {
            StateFolders.ownerOnly(temp);
            MessageDigest digest = Sha256.newDigest();
            try (InputStream in = target.read(path);
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(temp), digest)) {
                in.transferTo(out);
            }
            String sha = Sha256.hex(digest);
            Path kept = folder.resolve(sha);
            if (Files.exists(kept)) {
                // The same content kept by an earlier step: one copy serves both.
                return sha;
            }
            Files.move(temp, kept, StandardCopyOption.ATOMIC_MOVE);
            return sha;
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    @Override
    public boolean contains(String sha256) {
        return valid(sha256) && Files.isRegularFile(folder.resolve(sha256));
    }

    @Override
    public InputStream open(String sha256) throws IOException {
        if (!valid(sha256)) {
            throw new NoSuchFileException("no kept content " + sha256);
        }
        return Files.newInputStream(folder.resolve(sha256));
    }

    /** Removes every copy no record refers to any more; removes the folder when nothing is left. */
    public int prune(Set<String> referenced) throws IOException {
        if (!Files.isDirectory(folder)) {
            return 0;
        }
        int removed = 0;
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (!referenced.contains(name.toLowerCase(Locale.ROOT))) {
                    Files.deleteIfExists(file);
                    removed++;
                }
            }
        }
        try (Stream<Path> left = Files.list(folder)) {
            if (left.findAny().isEmpty()) {
                Files.deleteIfExists(folder);
            }
        }
        if (removed > 0) {
            LOG.debug("removed {} undo copies no deployment can roll back to", removed);
        }
        return removed;
    }

    private static boolean valid(String sha256) {
        return sha256 != null && HASH.matcher(sha256).matches();
    }
}
