package dev.stagehand.api.journal;

/**
 * The lock that lets one deployment at a time write a journal, taken by
 * {@link DeploymentJournal#lock(LockRequest)} and held for the whole deployment. Closing it
 * releases it; a holder that dies without closing it is taken over (see {@link LockHolder}).
 */
public interface JournalLock extends AutoCloseable {

    /**
     * True once this holder learnt that it no longer holds the lock: another deployment took it
     * over (this one stalled past the expiry) or the session that held it ended. The engine
     * stops before the next stage.
     *
     * @return true when the lock was lost
     */
    boolean lost();

    /** Releases the lock unless another holder has it by now; never throws (an unreleased lock expires). */
    @Override
    void close();
}
