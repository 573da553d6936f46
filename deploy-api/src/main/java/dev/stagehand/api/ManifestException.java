package dev.stagehand.api;

/** A package, manifest, UI or parameters file that cannot be read as written; the location names the file, line and column. */
public class ManifestException extends DeploymentException {

    public ManifestException(String message, Location location) {
        super(message, location);
    }

    public ManifestException(String message, Location location, Throwable cause) {
        super(message, location, cause);
    }
}
