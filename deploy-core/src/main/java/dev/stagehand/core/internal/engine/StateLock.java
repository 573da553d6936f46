package dev.stagehand.core.internal.engine;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockHolder;
import dev.stagehand.api.journal.LockRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployment at a time per state folder. The holder creates {@code lock.json} (who, where,
 * since when, a token of its own) and never rewrites it: its heartbeat is the file's modification
 * time, refreshed every third of the expiry only while the file still holds its token, so a
 * holder that stalled cannot overwrite the lock of the process that took over from it; it learns
 * at its next beat that the lock is lost, and stops. A lock whose holder ran on this machine and
 * is {@linkplain LockHolder#provedDead() proved dead} is taken over at once; any other after the
 * expiry without a heartbeat, as Flyway does with its lock row.
 *
 * <p>The engine asks {@link #lost()} before every step. Where the file system gives inode numbers,
 * the holder keeps its lock file open, so that no other file can get its inode while it holds the
 * lock, and {@code lost()} compares the file's stamp (inode, size, modification time)
 * with the one it saw when it last read its own token there: a takeover leaves another file, with
 * another inode, at that path. Only a changed stamp (a heartbeat, a takeover) makes it read the file.
 */
public final class StateLock implements JournalLock {

    static final String FILE = "lock.json";
    private static final Logger LOG = LoggerFactory.getLogger(StateLock.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The content of the lock file. */
    record Content(String token, LockHolder holder) {
    }

    /** A lock file as found: its content and its last heartbeat. */
    record Found(Content content, long heartbeatAt) {
    }

    /** What one stat of the lock file shows; the same stamp at the path is the same, unchanged file. */
    private record Stamp(Object fileKey, long size, FileTime modified) {
    }

    private static final StateLock NONE = new StateLock();
    private final Path file;
    private final Clock clock;
    private final Content mine;
    private final ScheduledExecutorService heartbeat;
    /** Our lock file, kept open while held so that its inode is not reused; null without inodes. */
    private final FileChannel held;
    /** The stamp of the file when it last held our token; null when it must be read. */
    private volatile Stamp checked;
    /** How many times the lock file was read to check it (tests prove the stamp shortcut with it). */
    private volatile int reads;
    private volatile boolean lost;
    private volatile boolean closed;

    /** No lock: for dry runs, which change nothing. */
    private StateLock() {
        this.file = null;
        this.clock = Clock.systemUTC();
        this.mine = null;
        this.heartbeat = null;
        this.held = null;
    }

    public static StateLock none() {
        return NONE;
    }

    private StateLock(Path file, Duration expiry, Clock clock, Content mine, FileChannel held) {
        this.file = file;
        this.clock = clock;
        this.mine = mine;
        this.held = held;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stagehand-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, expiry.toMillis() / 3);
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock of a state folder, waiting up to the request's wait for a live holder to finish.
     *
     * @throws DeploymentException naming the holder when the lock stays taken
     */
    public static StateLock acquire(Path stateFolder, LockRequest request) throws IOException, InterruptedException {
        StateFolders.create(stateFolder);
        Path file = stateFolder.resolve(FILE);
        Content me = new Content(UUID.randomUUID().toString(), request.holder());
        long deadline = System.nanoTime() + request.maxWait().toNanos();
        long pause = 50;
        while (true) {
            try {
                FileChannel held = create(file, me);
                return new StateLock(file, request.expiry(), request.clock(), me, held);
            } catch (FileAlreadyExistsException taken) {
                Found other = read(file);
                if (other == null) {
                    continue; // released between our attempt and our look
                }
                LockHolder holder = other.content().holder();
                if (holder.provedDead()) {
                    takeOver(file, other, "its process is gone");
                    continue;
                }
                if (request.clock().millis() - other.heartbeatAt() > request.expiry().toMillis()) {
                    takeOver(file, other, "no heartbeat for longer than " + request.expiry().toSeconds() + " s");
                    continue;
                }
                if (System.nanoTime() >= deadline) {
                    throw new DeploymentException("the state folder is locked by " + holder.describe()
                            + "; it is released when that deployment ends, taken over at once if that process"
                            + " dies on this machine, or " + request.expiry().toSeconds() + " s after its last"
                            + " heartbeat if it ran elsewhere", Location.ofFile(file.toString()));
                }
                Thread.sleep(pause);
                pause = Math.min(pause * 2, 1000);
            }
        }
    }

    /**
     * Moves a stale lock aside under a name of our own, so that of several processes that all
     * judged it stale only one removes it; whoever finds a fresh lock in its hands puts it back.
     */
    private static void takeOver(Path file, Found stale, String why) throws IOException {
        Path aside = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".stale");
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            return;
        }
        Found moved = read(aside);
        if (moved != null && !moved.content().token().equals(stale.content().token())) {
            try {
                Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (IOException e) {
                // The rightful holder will find its lock gone at its next heartbeat and stop.
                LOG.warn("a fresh lock was displaced while taking over a stale one; its holder will stop");
            }
        }
        LOG.warn("taking over the state lock of {}: {}", stale.content().holder().describe(), why);
        Files.deleteIfExists(aside);
    }

    /** Refreshes the heartbeat while the lock file is still ours; never writes a lock taken over. */
    void beat() {
        try {
            if (stillOurs()) {
                Files.setLastModifiedTime(file, FileTime.fromMillis(clock.millis()));
                // The new time is ours, but the stat that would say so could be of a file put there since.
                checked = null;
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not refresh the state lock heartbeat: {}", e.getMessage());
        }
    }

    /** Whether the lock file is still this holder's; the first time it is not, {@link #lost} says so. */
    private boolean stillOurs() throws IOException {
        Stamp before = held == null ? null : stampOrNull(file);
        reads++;
        Found current = read(file);
        if (current != null && current.content().token().equals(mine.token())) {
            if (before != null && before.equals(stampOrNull(file))) {
                checked = before;
            }
            return true;
        }
        checked = null;
        if (!lost) {
            LOG.warn("the state lock of deployment {} was taken over by {}", mine.holder().deploymentId(),
                    current == null ? "nobody (it was removed)" : current.content().holder().describe());
        }
        lost = true;
        return false;
    }

    /**
     * Whether another deployment holds the lock now. Asked before a step changes anything, it
     * looks at the lock file itself, so a takeover is seen at once rather than at the next beat:
     * it reads the file unless the file's stamp is still the one it had when it last held our token.
     */
    @Override
    public boolean lost() {
        if (!lost && !closed && heartbeat != null) {
            try {
                Stamp known = checked;
                if (known != null && known.equals(stampOrNull(file))) {
                    return lost;
                }
                stillOurs();
            } catch (IOException | RuntimeException e) {
                // Unreadable for a moment: the heartbeat looks again.
                LOG.debug("could not read the state lock: {}", e.getMessage());
            }
        }
        return lost;
    }

    @Override
    public void close() {
        if (heartbeat == null) {
            return;
        }
        closed = true;
        heartbeat.shutdownNow();
        try {
            // A heartbeat under way could otherwise touch the lock file again after it is removed.
            heartbeat.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Found current = read(file);
            if (current != null && current.content().token().equals(mine.token())) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            LOG.warn("could not release the state lock {} ({}); it is taken over when found", file, e.getMessage());
        } finally {
            closeHeld();
        }
    }

    /** {@return how many times the lock file was read to check that it is still ours} */
    int reads() {
        return reads;
    }

    private void closeHeld() {
        if (held != null) {
            try {
                held.close();
            } catch (IOException e) {
                LOG.debug("could not close the state lock file: {}", e.getMessage());
            }
        }
    }

    /**
     * Creates the lock file; returns it still open where the file system has inode numbers (see
     * the class comment), otherwise null.
     */
    private static FileChannel create(Path file, Content content) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(content);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            StateFolders.ownerOnly(file);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
        if (stampOrNull(file) == null) {
            channel.close();
            return null;
        }
        return channel;
    }

    /**
     * The file's stamp; null when it is gone or the file system gives no inode numbers. No change
     * time: nothing but the holder's heartbeat changes a lock file in place, and the unix view that
     * has it costs a map and a parse of the attribute names per call, which showed in the profile.
     */
    private static Stamp stampOrNull(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return a.fileKey() == null ? null : new Stamp(a.fileKey(), a.size(), a.lastModifiedTime());
        } catch (IOException e) {
            return null;
        }
    }

    /** The lock in a file; null when there is none. */
    static Found read(Path file) throws IOException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            long touched = Files.getLastModifiedTime(file).toMillis();
            try {
                Content content = JSON.readValue(bytes, Content.class);
                if (content.token() != null && content.holder() != null) {
                    return new Found(content, touched);
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
                // handled below
            }
            // Being written right now, left half written by a process killed mid-write, or made by an
            // older version: its age is the file's, so it expires like any other.
            return new Found(new Content("unreadable", new LockHolder(null, null, null, -1, 0, null, touched)),
                    touched);
        } catch (NoSuchFileException e) {
            return null;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }
}
