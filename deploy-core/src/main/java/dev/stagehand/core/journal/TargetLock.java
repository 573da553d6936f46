package dev.stagehand.core.journal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.journal.JournalLock;
import dev.stagehand.api.journal.LockHolder;
import dev.stagehand.api.journal.LockRequest;
import dev.stagehand.api.target.DeploymentTarget;
import dev.stagehand.api.target.ExclusiveCreation;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One deployment at a time per target, whichever machine it runs from: the holder creates
 * {@code .deploy/lock.json} on the target exclusively ({@link ExclusiveCreation}) and never
 * rewrites it. A target tells no modification time precisely enough to beat with, so the heartbeat
 * is a file of its own ({@code lock.heartbeat.json}: the holder's token and clock), rewritten every
 * third of the expiry while the lock file still holds the token. A holder proved dead on this
 * machine is taken over at once, any other after the expiry without a heartbeat; a stale lock is
 * moved aside under a name of its own first, as {@code StateLock} does, so that of two deployers
 * judging it stale only one removes it.
 */
final class TargetLock implements JournalLock {

    static final String FILE = "lock.json";
    static final String HEARTBEAT = "lock.heartbeat.json";
    private static final Logger LOG = LoggerFactory.getLogger(TargetLock.class);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    record Content(String token, LockHolder holder) {
    }

    record Beat(String token, long at) {
    }

    private record Found(Content content, long heartbeatAt) {
    }

    private final DeploymentTarget target;
    private final String file;
    private final String beatFile;
    private final Clock clock;
    private final Content mine;
    private final ScheduledExecutorService heartbeat;
    private volatile boolean lost;

    private TargetLock(DeploymentTarget target, String file, String beatFile, Duration expiry, Clock clock,
                       Content mine) {
        this.target = target;
        this.file = file;
        this.beatFile = beatFile;
        this.clock = clock;
        this.mine = mine;
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stagehand-target-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });
        long period = Math.max(1, expiry.toMillis() / 3);
        heartbeat.scheduleAtFixedRate(this::beat, period, period, TimeUnit.MILLISECONDS);
    }

    static TargetLock acquire(DeploymentTarget target, ExclusiveCreation exclusive, String file, String beatFile,
                              LockRequest request) throws IOException, InterruptedException {
        Content me = new Content(UUID.randomUUID().toString(), request.holder());
        long deadline = System.nanoTime() + request.maxWait().toNanos();
        long pause = 50;
        while (true) {
            if (exclusive.createNew(file, JSON.writeValueAsBytes(me))) {
                writeBeat(target, beatFile, new Beat(me.token(), request.clock().millis()));
                return new TargetLock(target, file, beatFile, request.expiry(), request.clock(), me);
            }
            Found other = read(target, file, beatFile);
            if (other == null) {
                continue;
            }
            LockHolder holder = other.content().holder();
            if (holder.provedDead()) {
                takeOver(target, file, other, "its process is gone");
                continue;
            }
            if (request.clock().millis() - other.heartbeatAt() > request.expiry().toMillis()) {
                takeOver(target, file, other, "no heartbeat for longer than " + request.expiry().toSeconds() + " s");
                continue;
            }
            if (System.nanoTime() >= deadline) {
                throw new DeploymentException("target " + target.name() + " is locked by " + holder.describe()
                        + "; it is released when that deployment ends, taken over at once if that process dies on"
                        + " this machine, or " + request.expiry().toSeconds() + " s after its last heartbeat if it"
                        + " ran elsewhere", Location.ofFile(target.name() + ":" + file));
            }
            Thread.sleep(pause);
            pause = Math.min(pause * 2, 1000);
        }
    }

    private static void takeOver(DeploymentTarget target, String file, Found stale, String why) throws IOException {
        String aside = file + "." + UUID.randomUUID() + ".stale";
        try {
            target.move(file, aside);
        } catch (IOException gone) {
            return;
        }
        Content moved = readContent(target, aside);
        if (moved != null && !moved.token().equals(stale.content().token())) {
            try {
                target.move(aside, file);
                return;
            } catch (IOException e) {
                LOG.warn("a fresh lock of {} was displaced while taking over a stale one; its holder will stop",
                        target.name());
            }
        }
        LOG.warn("taking over the lock of {} from {}: {}", target.name(), stale.content().holder().describe(), why);
        target.delete(aside);
    }

    void beat() {
        try {
            Content current = readContent(target, file);
            if (current == null || !current.token().equals(mine.token())) {
                if (!lost) {
                    LOG.warn("the lock of {} held by deployment {} was taken over by {}", target.name(),
                            mine.holder().deploymentId(), current == null ? "nobody (it was removed)"
                                    : current.holder().describe());
                }
                lost = true;
                return;
            }
            writeBeat(target, beatFile, new Beat(mine.token(), clock.millis()));
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not refresh the lock heartbeat on {}: {}", target.name(), e.getMessage());
        }
    }

    @Override
    public boolean lost() {
        return lost;
    }

    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            heartbeat.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Content current = readContent(target, file);
            if (current != null && current.token().equals(mine.token())) {
                target.delete(beatFile);
                target.delete(file);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not release the lock of {} ({}); it is taken over when found", target.name(),
                    e.getMessage());
        }
    }

    private static void writeBeat(DeploymentTarget target, String beatFile, Beat beat) throws IOException {
        target.write(beatFile, new ByteArrayInputStream(JSON.writeValueAsBytes(beat)));
    }

    private static Found read(DeploymentTarget target, String file, String beatFile) throws IOException {
        Content content = readContent(target, file);
        if (content == null) {
            return null;
        }
        long at = content.holder().acquiredAt();
        byte[] beat = bytes(target, beatFile);
        if (beat != null) {
            try {
                Beat last = JSON.readValue(beat, Beat.class);
                if (content.token().equals(last.token())) {
                    at = Math.max(at, last.at());
                }
            } catch (IOException | RuntimeException e) {
                // A heartbeat cut short: the lock's own time stands.
            }
        }
        return new Found(content, at);
    }

    /** The lock in a file; null when there is none; an unreadable one as a holder unknown since now's epoch start. */
    private static Content readContent(DeploymentTarget target, String file) throws IOException {
        byte[] bytes = bytes(target, file);
        if (bytes == null) {
            return null;
        }
        try {
            Content content = JSON.readValue(bytes, Content.class);
            if (content.token() != null && content.holder() != null) {
                return content;
            }
        } catch (IOException | RuntimeException e) {
            // handled below
        }
        // Half written by a process killed mid-write: no heartbeat, so it expires.
        return new Content("unreadable", new LockHolder(null, null, null, -1, 0, null, 0));
    }

    private static byte[] bytes(DeploymentTarget target, String file) throws IOException {
        if (!target.exists(file)) {
            return null;
        }
        try (InputStream in = target.read(file)) {
            return in.readAllBytes();
        } catch (java.nio.file.NoSuchFileException e) {
            return null;
        }
    }
}
