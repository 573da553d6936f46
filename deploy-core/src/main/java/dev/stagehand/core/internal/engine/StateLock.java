package dev.stagehand.core.internal.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.io.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployment at a time per state folder. The holder writes {@code lock.json} (who, where,
 * since when) and refreshes its heartbeat every third of the expiry; a lock whose heartbeat is
 * older than the expiry belongs to a process that died and is taken over, as Flyway does with
 * its lock row, so a killed deployment never needs a manual fix. A holder that finds its lock
 * taken (it stalled past the expiry) learns it at its next check and stops.
 */
public final class StateLock implements AutoCloseable {

    static final String FILE = "lock.json";
    private static final Logger LOG = LoggerFactory.getLogger(StateLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The content of the lock file. */
    record Holder(String token, String owner, String host, long pid, String deploymentId, long acquiredAt,
                  long heartbeatAt) {
        String describe() {
            return owner + " on " + host + " (pid " + pid + ", deployment " + deploymentId + ", since "
                    + Instant.ofEpochMilli(acquiredAt) + ")";
        }
    }

    private final Path file;
    private final Duration expiry;
    private static final StateLock NONE = new StateLock();
    private final Clock clock;
    private final Holder holder;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean lost;

    /** No lock: for dry runs, which change nothing. */
    private StateLock() {
        this.file = null;
        this.expiry = Duration.ZERO;
        this.clock = Clock.systemUTC();
        this.holder = null;
        this.heartbeat = null;
    }

    public static StateLock none() {
        return NONE;
    }

    private StateLock(Path file, Duration expiry, Clock clock, Holder holder) {
        this.file = file;
        this.expiry = expiry;
        this.clock = clock;
        this.holder = holder;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stagehand-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, expiry.toMillis() / 3);
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    /**
     * Takes the lock of a state folder, waiting up to {@code wait} for a live holder to finish.
     *
     * @throws DeploymentException naming the holder when the lock stays taken
     */
    public static StateLock acquire(Path stateFolder, String deploymentId, Duration wait, Duration expiry, Clock clock)
            throws IOException, InterruptedException {
        Files.createDirectories(stateFolder);
        Path file = stateFolder.resolve(FILE);
        long now = clock.millis();
        Holder me = new Holder(UUID.randomUUID().toString(), System.getProperty("user.name", "unknown"), host(),
                ProcessHandle.current().pid(), deploymentId, now, now);
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 50;
        while (true) {
            try {
                write(file, me, false);
                return new StateLock(file, expiry, clock, me);
            } catch (FileAlreadyExistsException taken) {
                Holder other = read(file);
                if (other == null) {
                    continue; // released between our attempt and our look
                }
                if (clock.millis() - other.heartbeatAt() > expiry.toMillis()) {
                    takeOver(file, other);
                    continue;
                }
                if (System.nanoTime() >= deadline) {
                    throw new DeploymentException("the state folder is locked by " + other.describe()
                            + "; it is released when that deployment ends, or expires " + expiry.toSeconds()
                            + " s after its last heartbeat if that process died", Location.ofFile(file.toString()));
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
    private static void takeOver(Path file, Holder stale) throws IOException {
        Path aside = file.resolveSibling(FILE + "." + UUID.randomUUID() + ".stale");
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException gone) {
            return;
        }
        Holder moved = read(aside);
        if (moved != null && !moved.token().equals(stale.token())) {
            try {
                Files.move(aside, file, StandardCopyOption.ATOMIC_MOVE);
                return;
            } catch (IOException e) {
                // The rightful holder will find its lock gone at its next heartbeat and stop.
                LOG.warn("a fresh lock was displaced while taking over a stale one; its holder will stop");
            }
        }
        LOG.warn("taking over the lock of {}: no heartbeat for longer than the expiry", stale.describe());
        Files.deleteIfExists(aside);
    }

    private void beat() {
        try {
            Holder current = read(file);
            if (current == null || !current.token().equals(holder.token())) {
                lost = true;
                return;
            }
            write(file, new Holder(holder.token(), holder.owner(), holder.host(), holder.pid(), holder.deploymentId(),
                    holder.acquiredAt(), clock.millis()), true);
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not refresh the state lock heartbeat: {}", e.getMessage());
        }
    }

    /** True when another process took the lock over (this one stalled longer than the expiry). */
    public boolean lost() {
        return lost;
    }

    @Override
    public void close() throws IOException {
        if (heartbeat == null) {
            return;
        }
        heartbeat.shutdownNow();
        try {
            // A heartbeat under way could otherwise write the lock file again after it is removed.
            heartbeat.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Holder current = read(file);
        if (current != null && current.token().equals(holder.token())) {
            Files.deleteIfExists(file);
        }
    }

    private static void write(Path file, Holder holder, boolean replace) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(holder);
        if (!replace) {
            Files.write(file, bytes, java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE);
            return;
        }
        AtomicFiles.write(file, bytes, false);
    }

    /** The holder written in a lock file; null when there is none. */
    static Holder read(Path file) throws IOException {
        try {
            byte[] bytes = Files.readAllBytes(file);
            try {
                return JSON.readValue(bytes, Holder.class);
            } catch (com.fasterxml.jackson.core.JsonProcessingException | RuntimeException e) {
                // Being written right now, or left half written by a process killed mid-write:
                // its age is the file's, so it expires like any other.
                long modified = Files.getLastModifiedTime(file).toMillis();
                return new Holder("unreadable", "an unknown process", "unknown host", -1, "unknown", modified,
                        modified);
            }
        } catch (NoSuchFileException e) {
            return null;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }
}
