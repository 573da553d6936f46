package dev.stagehand.api.journal;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Who holds a journal lock, written where the lock is kept so that whoever finds the lock taken
 * can name the holder and tell whether it is still alive. A holder that ran on this machine is
 * {@linkplain #provedDead() proved dead} when its process is gone, or when its pid now belongs to a
 * process started later; its lock is then taken over at once. Holders on other machines cannot
 * be checked and keep the heartbeat expiry.
 *
 * @param owner        the OS user
 * @param host         the host name
 * @param bootId       the kernel's boot id where the OS tells it (Linux), else empty: the same host
 *                     name with another boot id is another boot or another machine, never checked by pid
 * @param pid          the process id
 * @param processStart when that process started (epoch milliseconds), 0 when unknown
 * @param deploymentId the deployment it runs
 * @param acquiredAt   when it took the lock (epoch milliseconds)
 */
public record LockHolder(String owner, String host, String bootId, long pid, long processStart, String deploymentId,
                         long acquiredAt) {

    /** Process start times are kept to the clock tick; a later process differs by far more. */
    private static final long START_TOLERANCE_MILLIS = 1000;
    private static final String HOST = hostName();
    private static final String BOOT_ID = readBootId();

    /**
     * Fills in what could not be told, so that a message never says null.
     *
     * @param owner the OS user
     * @param host the host name
     * @param bootId the kernel's boot id where the OS tells it (Linux), else empty: the same host name with
     *               another boot id is another boot or another machine, never checked by pid
     * @param pid the process id
     * @param processStart when that process started (epoch milliseconds), 0 when unknown
     * @param deploymentId the deployment it runs
     * @param acquiredAt when it took the lock (epoch milliseconds)
     */
    public LockHolder {
        owner = owner == null ? "an unknown user" : owner;
        host = host == null ? "unknown host" : host;
        bootId = bootId == null ? "" : bootId;
        deploymentId = deploymentId == null ? "unknown" : deploymentId;
    }

    /**
     * This process, running {@code deploymentId}, taking a lock at {@code now}.
     *
     * @param deploymentId the deployment taking the lock
     * @param now the time, in milliseconds since the epoch
     * @return the holder
     */
    public static LockHolder current(String deploymentId, long now) {
        ProcessHandle self = ProcessHandle.current();
        return new LockHolder(System.getProperty("user.name", "unknown"), HOST, BOOT_ID, self.pid(),
                startOf(self).orElse(0L), deploymentId, now);
    }

    /** {@return true when this holder ran on this machine (same host name and, where known, same boot)} */
    public boolean onThisMachine() {
        return host.equals(HOST) && (bootId.isEmpty() || BOOT_ID.isEmpty() || bootId.equals(BOOT_ID));
    }

    /**
     * True when this holder certainly no longer runs: it ran on this machine and its process is gone
     * or was replaced by a later one with the same pid. False when alive or unknown (another machine).
     *
     * @return true only when this holder is certainly gone
     */
    public boolean provedDead() {
        if (!onThisMachine() || pid <= 0) {
            return false;
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty()) {
            return true;
        }
        Optional<Long> started = startOf(process.get());
        return processStart > 0 && started.isPresent() && Math.abs(started.get() - processStart) > START_TOLERANCE_MILLIS;
    }

    /** {@return the holder as a person reads it: who, where, which deployment, since when} */
    public String describe() {
        return owner + " on " + host + " (pid " + pid + ", deployment " + deploymentId + ", since "
                + Instant.ofEpochMilli(acquiredAt) + ")";
    }

    private static Optional<Long> startOf(ProcessHandle process) {
        return process.info().startInstant().map(Instant::toEpochMilli);
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "unknown host";
        }
    }

    private static String readBootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).trim();
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }
}
