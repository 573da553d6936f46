package dev.stagehand.core.internal.steps;

import dev.stagehand.api.io.AtomicFiles;
import dev.stagehand.api.target.FileStamp;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Remembers what is known of files by their {@link FileStamp}, so that a file whose stamp has
 * not changed need not be read again: its SHA-256 when it was hashed (and its CRC-32 when that
 * was computed too, or when the file was copied from a zip entry whose CRC-32 was checked as it
 * was unpacked), and for a file a
 * deployment copied, the source and source stamp it was copied from. A copy whose own stamp and
 * whose source's stamp are both unchanged is known equal to the source without any hash, so a
 * first deployment need not hash what it copies.
 *
 * <p>Kept in one text file on the deployer's machine, one line per file, tab separated:
 * {@code kind, size, mtime, ctime, file key, sha256 or -, crc32 or -, path} and for a copy also
 * {@code source size, mtime, ctime, file key, source path}. A damaged or foreign cache file is
 * ignored, never trusted; paths holding tabs or line breaks are not remembered.
 *
 * <p>The file does not grow with every version deployed: after a deployment that went through all
 * its files, {@link #forgetUnused()} drops what it did not look up or learn (the sources of earlier
 * versions, files no longer deployed), so each load reads one version's worth of lines.
 */
final class FingerprintCache {

    private static final Logger LOG = LoggerFactory.getLogger(FingerprintCache.class);
    private static final String HEADER = "stagehand-fingerprints 3";
    private static final String UNKNOWN = "-";
    /** The CRC-32 of an entry that has none. */
    static final long NO_CRC = -1;

    /**
     * What is known of one file.
     *
     * @param sha256       null when it was never hashed
     * @param crc32        the CRC-32 of its content, {@link #NO_CRC} when not known
     * @param origin       the source it was copied from, null when not a copy
     * @param originStamp  the source's stamp when it was copied
     */
    record Entry(FileStamp stamp, String sha256, long crc32, String origin, FileStamp originStamp) {

        /** Still a copy of {@code source} as it is now, going by both stamps. */
        boolean isCopyOf(FileStamp current, String source, FileStamp sourceStamp) {
            return stamp.equals(current) && source.equals(origin) && sourceStamp.equals(originStamp);
        }
    }

    private final Path file;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    /** The keys looked up or remembered since the cache was loaded. */
    private final Set<String> used = ConcurrentHashMap.newKeySet();
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
                LOG.info("ignoring {}: not a fingerprint cache of this version", file);
                return cache;
            }
            String line;
            while ((line = in.readLine()) != null) {
                String[] f = line.split("\t", -1);
                if (f.length != 8 && f.length != 13) {
                    continue;
                }
                String sha = UNKNOWN.equals(f[5]) ? null : f[5];
                long crc = UNKNOWN.equals(f[6]) ? NO_CRC : Long.parseLong(f[6], 16);
                if (crc < NO_CRC || crc > 0xFFFF_FFFFL) {
                    throw new IllegalArgumentException("a CRC-32 of " + f[6]);
                }
                FileStamp stamp = stamp(f, 1);
                Entry entry = f.length == 8 ? new Entry(stamp, sha, crc, null, null)
                        : new Entry(stamp, sha, crc, f[12], stamp(f, 8));
                cache.entries.put(key(f[0], f[7]), entry);
            }
        } catch (IOException | RuntimeException e) {
            // The cache only saves time: without it every file is hashed again, which is correct.
            LOG.warn("ignoring the fingerprint cache {}: {}", file, e.toString());
            cache.entries.clear();
        }
        return cache;
    }

    private static FileStamp stamp(String[] f, int at) {
        return new FileStamp(Long.parseLong(f[at]), Long.parseLong(f[at + 1]), Long.parseLong(f[at + 2]), f[at + 3]);
    }

    private static String key(String kind, String path) {
        return kind + '\t' + path;
    }

    /** What is remembered of the file, whatever its stamp. */
    Optional<Entry> entry(String kind, String path) {
        return Optional.ofNullable(entries.get(used(key(kind, path))));
    }

    /** The hash remembered for the file, when its stamp is still the one it had when hashed. */
    Optional<String> sha256(String kind, String path, FileStamp stamp) {
        Entry entry = entries.get(used(key(kind, path)));
        return entry != null && entry.stamp().equals(stamp) ? Optional.ofNullable(entry.sha256()) : Optional.empty();
    }

    void remember(String kind, String path, FileStamp stamp, String sha256) {
        remember(kind, path, stamp, sha256, NO_CRC);
    }

    /** A file's hash and its CRC-32 ({@link #NO_CRC} when not known). */
    void remember(String kind, String path, FileStamp stamp, String sha256, long crc32) {
        put(kind, path, new Entry(stamp, sha256, crc32, null, null));
    }

    /** A copy of {@code origin} (as it was at {@code originStamp}); its hash when known, else null. */
    void rememberCopy(String kind, String path, FileStamp stamp, String origin, FileStamp originStamp, String sha256) {
        rememberCopy(kind, path, stamp, origin, originStamp, sha256, NO_CRC);
    }

    /** As {@link #rememberCopy(String, String, FileStamp, String, FileStamp, String)}, with the copy's CRC-32. */
    void rememberCopy(String kind, String path, FileStamp stamp, String origin, FileStamp originStamp, String sha256,
                      long crc32) {
        if (unsafe(origin)) {
            return;
        }
        put(kind, path, new Entry(stamp, sha256, crc32, origin, originStamp));
    }

    private void put(String kind, String path, Entry entry) {
        if (file == null || unsafe(path) || unsafe(kind)) {
            return;
        }
        if (!entry.equals(entries.put(used(key(kind, path)), entry))) {
            changed = true;
        }
    }

    private String used(String key) {
        used.add(key);
        return key;
    }

    /**
     * Drops every entry not looked up or remembered since the load: called when a deployment went
     * through all its files, so that what it did not need is of earlier versions.
     */
    void forgetUnused() {
        if (entries.keySet().retainAll(used)) {
            changed = true;
        }
    }

    private static boolean unsafe(String text) {
        return text.indexOf('\t') >= 0 || text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0;
    }

    /** Writes the cache when it changed: a temporary file renamed over the old one. */
    void save() throws IOException {
        if (file == null || !changed) {
            return;
        }
        AtomicFiles.write(file.toAbsolutePath(), false, temp -> {
            try (BufferedWriter out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
                out.write(HEADER);
                out.write('\n');
                StringBuilder line = new StringBuilder(256);
                for (Map.Entry<String, Entry> e : entries.entrySet()) {
                    int tab = e.getKey().indexOf('\t');
                    line.setLength(0);
                    Entry entry = e.getValue();
                    line.append(e.getKey(), 0, tab).append('\t');
                    appendStamp(line, entry.stamp());
                    line.append(entry.sha256() == null ? UNKNOWN : entry.sha256()).append('\t')
                            .append(entry.crc32() == NO_CRC ? UNKNOWN : Long.toHexString(entry.crc32())).append('\t')
                            .append(e.getKey(), tab + 1, e.getKey().length());
                    if (entry.origin() != null) {
                        line.append('\t');
                        appendStamp(line, entry.originStamp());
                        line.append(entry.origin());
                    }
                    line.append('\n');
                    out.append(line);
                }
            }
        });
        changed = false;
    }

    private static void appendStamp(StringBuilder line, FileStamp s) {
        line.append(s.size()).append('\t').append(s.modifiedNanos()).append('\t').append(s.changedNanos()).append('\t')
                .append(s.fileKey()).append('\t');
    }
}
