package dev.stagehand.api.journal;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What a deployment asks of {@link DeploymentJournal#lock(LockRequest)}.
 *
 * @param deploymentId the deployment that will hold the lock, named to whoever finds it taken
 * @param maxWait      how long to wait for a live holder to finish (zero: fail at once)
 * @param expiry       how long a holder whose death cannot be proved (another host) may go without a
 *                     heartbeat before its lock is taken over
 * @param clock        the clock heartbeats are stamped with
 */
public record LockRequest(String deploymentId, Duration maxWait, Duration expiry, Clock clock) {

    /**
     * Refuses a request that could never be met: a negative wait, an expiry that is not positive.
     *
     * @param deploymentId the deployment that will hold the lock, named to whoever finds it taken
     * @param maxWait how long to wait for a live holder to finish (zero: fail at once)
     * @param expiry how long a holder whose death cannot be proved (another host) may go without a heartbeat
     *               before its lock is taken over
     * @param clock the clock heartbeats are stamped with
     */
    public LockRequest {
        Objects.requireNonNull(deploymentId, "deploymentId");
        if (maxWait.isNegative() || expiry.isNegative() || expiry.isZero()) {
            throw new IllegalArgumentException("a lock wait must not be negative and an expiry must be positive");
        }
        Objects.requireNonNull(clock, "clock");
    }

    /** {@return this deployment as a holder, stamped now} */
    public LockHolder holder() {
        return LockHolder.current(deploymentId, clock.millis());
    }
}
