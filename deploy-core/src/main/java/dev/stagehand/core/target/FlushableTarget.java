package dev.stagehand.core.target;

import java.io.IOException;

/**
 * A target that may keep its writes in volatile caches until told otherwise. Forcing each file
 * to disk as it is written costs about a millisecond per file; one forced point per step costs
 * one wait for the disk. The engine calls {@link #flush} after a step has run and before the
 * journal records the step as complete, so that a crash never leaves the journal claiming
 * files the disk does not hold.
 */
public interface FlushableTarget {

    /** Returns once everything written through this target so far is on stable storage. */
    void flush() throws IOException;
}
