package dev.stagehand.core.transform;
import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
/** A transform that cannot be applied; the location names the transform file and the place in it. */
public class TransformException extends DeploymentException {
    /**
     * @param message what is wrong
     * @param location the transform file and the place in it
     */
    public TransformException(String message, Location location) { super(message, location); }
    /**
     * @param message what is wrong
     * @param location the transform file and the place in it
     * @param cause the exception behind it (the parser's)
     */
    public TransformException(String message, Location location, Throwable cause) { super(message, location, cause); }
}
