package dev.stagehand.opcon.client;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;

/** OpCon refused a call, or could not be reached as configured; the message says which and what to do. */
public class OpConException extends DeploymentException {

    private final int status;

    public OpConException(String message, int status) {
        this(message, status, null);
    }

    public OpConException(String message, int status, Throwable cause) {
        super(message, Location.UNKNOWN, cause);
        this.status = status;
    }

    /** The HTTP status of OpCon's answer; 0 when there was none. */
    public int status() {
        return status;
    }
}
