package dev.stagehand.core.internal.steps;

import dev.stagehand.core.target.FileStamp;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers the SHA-256 of files by their {@link FileStamp}, so that a file whose stamp has not
 * changed since it was hashed need not be read again. Kept in one text file on the deployer's
 * machine, one line per file: {@code kind, size, mtime, ctime, file key, sha256, path}, tab
 * separated, path last. A damaged or foreign cache file is ignored, never trusted.
 */
final class FingerprintCache {

    private static final Logger LOG = LoggerFactory.getLogger(FingerprintCache.class);
    private static final String HEADER = "stagehand-fingerprints 1";

    private record Entry(FileStamp stamp, String sha256) {
    }

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private volatile boolean changed;

    private FingerprintCache(Path file) {
        this.file = file;
    }

    /** A cache that remembers nothing and saves nothing. */
    static FingerprintCache none() {
        return new FingerprintCache(null);
    }

    static FingerprintCache load(Path file) {
        FingerprintCache cache = new FingerprintCache(file);
        if (file == null || !Files.isRegularFile(file)) {
            return cache;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (!HEADER.equals(in.readLine())) {
                LOG.warn("ignoring {}: not a fingerprint cache of this version", file);
                return cache;
            }
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", 7);
                if (f.length == 7) {
                    FileStamp stamp = new FileStamp(Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]), f[4]);
                    cache.entries.put(key(f[0], f[6]), new Entry(stamp, f[5]));
                }
            }
        } catch (IOException | RuntimeException e) {
            // The cache only saves time: without it every file is hashed again, which is correct.
            LOG.warn("ignoring the fingerprint cache {}: {}", file, e.toString());
            cache.entries.clear();
        }
        return cache;
    }

    private static String key(String kind, String path) {
        return kind + '\t' + path;
    }

    /** The hash remembered for the file, when its stamp is still the one it had when hashed. */
    Optional<String> sha256(String kind, String path, FileStamp stamp) {
        Entry entry = entries.get(key(kind, path));
        return entry != null && entry.stamp().equals(stamp) ? Optional.of(entry.sha256()) : Optional.empty();
    }

    void remember(String kind, String path, FileStamp stamp, String sha256) {
        if (file == null || path.indexOf('\n') >= 0 || path.indexOf('\r') >= 0) {
            return;
        }
        Entry entry = new Entry(stamp, sha256);
        if (!entry.equals(entries.put(key(kind, path), entry))) {
            changed = true;
        }
    }

    /** Writes the cache when it changed: a temporary file renamed over the old one. */
    void save() throws IOException {
        if (file == null || !changed) {
            return;
        }
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        Path temp = Files.createTempFile(folder, "." + file.getFileName(), ".tmp");
        try {
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                out.write(HEADER);
                out.write('\n');
                StringBuilder line = new StringBuilder(256);
                for (Map.Entry<String, Entry> e : entries.entrySet()) {
                    int tab = e.getKey().indexOf('\t');
                    FileStamp s = e.getValue().stamp();
                    line.setLength(0);
                    line.append(e.getKey(), 0, tab).append('\t').append(s.size()).append('\t').append(s.modifiedNanos())
                            .append('\t').append(s.changedNanos()).append('\t').append(s.fileKey()).append('\t')
                            .append(e.getValue().sha256()).append('\t').append(e.getKey(), tab + 1, e.getKey().length())
                            .append('\n');
                    out.append(line);
                }
            }
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
            changed = false;
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
