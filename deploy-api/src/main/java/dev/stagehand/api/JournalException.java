package dev.stagehand.api;

/** A journal cannot be read or written; the location names its file or database. */
public class JournalException extends DeploymentException {

    /**
     * @param message what could not be read or written
     * @param location the journal's file or database
     * @param cause the exception behind it
     */
    public JournalException(String message, Location location, Throwable cause) {
        super(message, location, cause);
    }
}
