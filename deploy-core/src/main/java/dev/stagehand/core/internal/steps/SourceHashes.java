package dev.stagehand.core.internal.steps;

import dev.stagehand.api.target.FileStamp;
import dev.stagehand.core.internal.content.LocalStamps;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hashes of local files (a package's sources) for every deployment of a group, kept in the
 * group's store: a file is read once, whatever the number of targets, and a second deployment that
 * asks for a file being hashed waits for that hash instead of reading the file too. At most one
 * file per core is hashed at once, however many threads ask: hashing is CPU work, and more hashing
 * threads than cores only share the cores, and starve the compiler that makes the hashing fast.
 *
 * <p>A hash is known by the file's path and its {@link FileStamp} before it was read; it is kept
 * only when the file's stamp after reading is the same, so a file changed while it was read is
 * hashed again when asked next.
 */
final class SourceHashes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SourceHashes.class);

    /** Reads a file for its hashes; {@link CopyHasher#hash} but in tests. */
    @FunctionalInterface
    interface Reader {
        CopyHasher.Hashes read(Path file) throws IOException;
    }

    private record Key(String path, FileStamp stamp) {
    }

    private final Map<Key, CompletableFuture<CopyHasher.Hashes>> known = new ConcurrentHashMap<>();
    private final Semaphore cores;
    private final Reader reader;
    private final AtomicInteger read = new AtomicInteger();

    SourceHashes() {
        this(Runtime.getRuntime().availableProcessors(), CopyHasher::hash);
    }

    SourceHashes(int atOnce, Reader reader) {
        this.cores = new Semaphore(Math.max(1, atOnce));
        this.reader = reader;
    }

    /**
     * The SHA-256 and CRC-32 of {@code file}, as it is at {@code stamp} (taken before this call).
     *
     * @throws IOException when it cannot be read, or the thread is interrupted while it waits
     */
    CopyHasher.Hashes of(Path file, FileStamp stamp) throws IOException {
        Key key = new Key(file.toString(), stamp);
        CompletableFuture<CopyHasher.Hashes> mine = new CompletableFuture<>();
        CompletableFuture<CopyHasher.Hashes> theirs = known.putIfAbsent(key, mine);
        if (theirs != null) {
            try {
                return theirs.get();
            } catch (ExecutionException e) {
                // Their read failed, perhaps only for them (their deployment stopped, its thread
                // interrupted): this caller reads for itself, and its own failure is its own.
                known.remove(key, theirs);
                return of(file, stamp);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while waiting for the hash of " + file);
            }
        }
        try {
            CopyHasher.Hashes hashes = read(file);
            if (!Optional.of(stamp).equals(LocalStamps.of(file))) {
                // Changed while it was read: what was read holds for this caller only.
                known.remove(key, mine);
            }
            mine.complete(hashes);
            return hashes;
        } catch (IOException | RuntimeException | Error e) {
            // Not kept: the next caller, and each one waiting for it, reads for itself.
            known.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private CopyHasher.Hashes read(Path file) throws IOException {
        try {
            cores.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to hash " + file);
        }
        try {
            read.incrementAndGet();
            return reader.read(file);
        } finally {
            cores.release();
        }
    }

    /**
     * Whether the hashes of {@code file} are known for {@code stamp}: read while the file kept that
     * stamp. After {@link #of} returned, false means the file changed while it was read, so what
     * was read must not be recorded as the file's at {@code stamp}.
     */
    boolean holds(Path file, FileStamp stamp) {
        CompletableFuture<CopyHasher.Hashes> known = this.known.get(new Key(file.toString(), stamp));
        return known != null && known.isDone() && !known.isCompletedExceptionally();
    }

    /** {@return how many callers wait for another's read of {@code file} at {@code stamp}} */
    int waitingFor(Path file, FileStamp stamp) {
        CompletableFuture<CopyHasher.Hashes> pending = known.get(new Key(file.toString(), stamp));
        return pending == null ? 0 : pending.getNumberOfDependents();
    }

    /** {@return how many callers wait for a core to read their file} */
    int waiting() {
        return cores.getQueueLength();
    }

    /** {@return how many files were read so far} */
    int filesRead() {
        return read.get();
    }

    @Override
    public void close() {
        LOG.debug("read {} local files for their hashes", read.get());
    }
}
