package dev.stagehand.core.transform;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
/** A transform that cannot be applied; the location names the transform file and the place in it. */
public class TransformException extends DeploymentException {
    public TransformException(String message, Location location) { super(message, location); }
    public TransformException(String message, Location location, Throwable cause) { super(message, location, cause); }
}
