package dev.stagehand.api.target;

/**
 * A target capability: its methods may be called from several threads at once. Without it, a
 * caller uses one thread.
 */
public interface ConcurrentAccess {

    /** {@return how many file operations at once pay off on this target (at least 1)} */
    int parallelism();
}
