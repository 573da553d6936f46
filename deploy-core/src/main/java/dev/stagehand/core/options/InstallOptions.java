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

    public static final InstallOptions DEFAULTS = new InstallOptions(OnError.ABORT, false, Duration.ZERO,
            Duration.ofSeconds(60));

    public InstallOptions {
        Objects.requireNonNull(onError);
        Objects.requireNonNull(lockWait);
        Objects.requireNonNull(lockExpiry);
    }

    public InstallOptions withOnError(OnError value) {
        return new InstallOptions(value, dryRun, lockWait, lockExpiry);
    }

    public InstallOptions withDryRun(boolean value) {
        return new InstallOptions(onError, value, lockWait, lockExpiry);
    }

    public InstallOptions withLockWait(Duration value) {
        return new InstallOptions(onError, dryRun, value, lockExpiry);
    }

    public InstallOptions withLockExpiry(Duration value) {
        return new InstallOptions(onError, dryRun, lockWait, value);
    }
}
