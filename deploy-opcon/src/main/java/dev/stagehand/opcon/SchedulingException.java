package dev.stagehand.opcon;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import java.util.Optional;

/**
 * A deployment could not be scheduled: the message names the cause (OpCon's own message when OpCon refused).
 * When the Deployment record was made already, it is {@code Failed} with that message, never {@code Scheduled}.
 */
public class SchedulingException extends DeploymentException {

    private final transient ScheduledDeployment record;

    public SchedulingException(String message, ScheduledDeployment record, Throwable cause) {
        super(message, Location.UNKNOWN, cause);
        this.record = record;
    }

    /** The Deployment record, as left ({@code Failed}), when one was made. */
    public Optional<ScheduledDeployment> record() {
        return Optional.ofNullable(record);
    }
}
