package dev.stagehand.api;

/** A journal cannot be read or written; the location names its file or database. */
public class JournalException extends DeploymentException {

    public JournalException(String message, Location location, Throwable cause) {
        super(message, location, cause);
    }
}
