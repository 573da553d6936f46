package dev.stagehand.core.internal.steps;

import dev.stagehand.api.io.Sha256;
import dev.stagehand.api.target.FileStamp;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hashes the sources of the files a deployment copies on a thread of its own, beside the copying
 * (which the kernel does, waiting on the disk), and records each hash in the fingerprint cache as
 * the hash of the copy, with its CRC-32 from the same read. A later upgrade whose new package holds
 * the same file then reads only its own source to know the copy unchanged, instead of reading the
 * copy too; one from a zip whose entry records the same size and CRC-32 reads nothing of it.
 *
 * <p>A hash is recorded only when the source's stamp after hashing is the one it had when it was
 * copied: a source changed meanwhile leaves its copy without a hash (compared by content later).
 */
final class CopyHasher {

    private static final Logger LOG = LoggerFactory.getLogger(CopyHasher.class);
    private static final Copy END = new Copy(null, null, null, null);

    /** A file copied: its source as it was when copied and the copy's stamp on the target. */
    record Copy(Path source, FileStamp sourceStamp, String targetPath, FileStamp copied) {
    }

    private final FingerprintCache cache;
    private final String targetKind;
    /** Where the sources are hashed: once for every target of a group. */
    private final SourceHashes hashes;
    private final BlockingQueue<Copy> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger hashed = new AtomicInteger();
    private final Thread thread;

    /** A file's SHA-256 (hex) and CRC-32, from one read of it. */
    record Hashes(String sha256, long crc32) {
    }

    /** Reads {@code file} once for both its SHA-256 and its CRC-32 (which costs little beside it). */
    static Hashes hash(Path file) throws IOException {
        CRC32 crc = new CRC32();
        try (InputStream in = new CheckedInputStream(Files.newInputStream(file), crc)) {
            return new Hashes(Sha256.of(in), crc.getValue());
        }
    }

    CopyHasher(FingerprintCache cache, String targetKind, SourceHashes hashes) {
        this.cache = cache;
        this.targetKind = targetKind;
        this.hashes = hashes;
        this.thread = new Thread(this::run, "hash copied files");
        thread.setDaemon(true);
        thread.start();
    }

    void add(Copy copy) {
        queue.add(copy);
    }

    /** Waits until every file added so far is hashed (or could not be: then it stays without a hash). */
    void finish() {
        queue.add(END);
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            thread.interrupt();
        }
        LOG.debug("hashed {} copied files", hashed.get());
    }

    private void run() {
        while (true) {
            Copy copy;
            try {
                copy = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (copy == END) {
                return;
            }
            try {
                Hashes read = hashes.of(copy.source(), copy.sourceStamp());
                if (hashes.holds(copy.source(), copy.sourceStamp())) {
                    String source = copy.source().toString();
                    cache.remember(FileDeployer.SOURCE, source, copy.sourceStamp(), read.sha256(), read.crc32());
                    cache.rememberCopy(targetKind, copy.targetPath(), copy.copied(), source, copy.sourceStamp(),
                            read.sha256(), read.crc32());
                    hashed.incrementAndGet();
                }
            } catch (IOException | RuntimeException e) {
                // Only time is lost: a copy without a hash is compared by content when next deployed.
                LOG.debug("cannot hash {}: {}", copy.source(), e.toString());
            }
        }
    }
}
