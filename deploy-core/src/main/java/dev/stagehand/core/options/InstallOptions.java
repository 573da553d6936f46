package dev.stagehand.core.options;

import java.time.Duration;
import java.util.Objects;

/**
 * How to run an installation.
 *
 * @param onError    what to do when a step fails
 * @param dryRun     plan and validate only: nothing is changed
 * @param lockWait   how long to wait for another deployment of the same state folder (zero: fail at once)
 * @param lockExpiry how old a lock's heartbeat may be before it is taken as left by a dead process
 */
public record InstallOptions(OnError onError, boolean dryRun, Duration lockWait, Duration lockExpiry) {

    /**
     * Abort on the first failure, change things, fail at once when the state folder is locked, and
     * take over a lock whose heartbeat is a minute old.
     */
    public static final InstallOptions DEFAULTS = new InstallOptions(OnError.ABORT, false, Duration.ZERO,
            Duration.ofSeconds(60));

    /**
     * Refuses missing parts.
     *
     * @param onError what to do when a step fails
     * @param dryRun plan and validate only: nothing is changed
     * @param lockWait how long to wait for another deployment of the same state folder (zero: fail at once)
     * @param lockExpiry how old a lock's heartbeat may be before it is taken as left by a dead process
     */
    public InstallOptions {
        Objects.requireNonNull(onError);
        Objects.requireNonNull(lockWait);
        Objects.requireNonNull(lockExpiry);
    }

    /**
     * @param value what to do when a step fails
     * @return a copy with it
     */
    public InstallOptions withOnError(OnError value) {
        return new InstallOptions(value, dryRun, lockWait, lockExpiry);
    }

    /**
     * @param value true to plan and validate only
     * @return a copy with it
     */
    public InstallOptions withDryRun(boolean value) {
        return new InstallOptions(onError, value, lockWait, lockExpiry);
    }

    /**
     * @param value how long to wait for another deployment of the same state folder
     * @return a copy with it
     */
    public InstallOptions withLockWait(Duration value) {
        return new InstallOptions(onError, dryRun, value, lockExpiry);
    }

    /**
     * @param value how old a lock's heartbeat may be before it is taken over
     * @return a copy with it
     */
    public InstallOptions withLockExpiry(Duration value) {
        return new InstallOptions(onError, dryRun, lockWait, value);
    }
}
