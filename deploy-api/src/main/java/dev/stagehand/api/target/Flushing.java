package dev.stagehand.api.target;

import java.io.IOException;

/**
 * A target capability: writes may stay in volatile caches until {@link #flush}. Forcing each
 * file to disk as it is written costs about a millisecond per file; one forced point per step
 * costs one wait for the disk. The engine flushes after a step has run and before the journal
 * records the step as complete, so a crash never leaves the journal claiming files the disk
 * does not hold.
 */
public interface Flushing {

    /**
     * Returns once everything written through the target so far is on stable storage.
     *
     * @throws IOException when the target cannot flush; what was written may not have reached storage
     */
    void flush() throws IOException;
}
