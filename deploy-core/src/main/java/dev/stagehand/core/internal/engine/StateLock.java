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
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
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

    private static final StateLock NONE = new StateLock();
    private final Path file;
    private final Clock clock;
    private final Content mine;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean lost;
    private volatile boolean closed;

    /** No lock: for dry runs, which change nothing. */
    private StateLock() {
        this.file = null;
        this.clock = Clock.systemUTC();
        this.mine = null;
        this.heartbeat = null;
    }

    public static StateLock none() {
        return NONE;
    }

    private StateLock(Path file, Duration expiry, Clock clock, Content mine) {
        this.file = file;
        this.clock = clock;
        this.mine = mine;
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
                create(file, me);
                return new StateLock(file, request.expiry(), request.clock(), me);
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
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not refresh the state lock heartbeat: {}", e.getMessage());
        }
    }

    /** Whether the lock file is still this holder's; the first time it is not, {@link #lost} says so. */
    private boolean stillOurs() throws IOException {
        Found current = read(file);
        if (current != null && current.content().token().equals(mine.token())) {
            return true;
        }
        if (!lost) {
            LOG.warn("the state lock of deployment {} was taken over by {}", mine.holder().deploymentId(),
                    current == null ? "nobody (it was removed)" : current.content().holder().describe());
        }
        lost = true;
        return false;
    }

    /**
     * Whether another deployment holds the lock now. Asked before a step changes anything, it
     * reads the lock file itself, so a takeover is seen at once rather than at the next beat.
     */
    @Override
    public boolean lost() {
        if (!lost && !closed && heartbeat != null) {
            try {
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
        }
    }

    private static void create(Path file, Content content) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(content);
        Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        StateFolders.ownerOnly(file);
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
