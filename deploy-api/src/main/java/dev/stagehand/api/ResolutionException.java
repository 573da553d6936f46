package dev.stagehand.api;

/** The packages to deploy cannot be worked out: a missing package, conflicting version constraints, a cycle. */
public class ResolutionException extends DeploymentException {

    public ResolutionException(String message, Location location) {
        super(message, location);
    }
}
