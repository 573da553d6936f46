package dev.stagehand.core.options;

import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tells running deployments to start no new step, and why: the engine asks it before each step
 * (those running finish, Cleanup runs) and reports a step it did not start as {@code stopped:}
 * followed by the reason. A deployment of a group with {@code --on-error abort} shares one among
 * its targets, so that the others say which target failed. Safe to use from several threads.
 */
public final class StopSignal {

    private final AtomicReference<String> reason = new AtomicReference<>();

    /**
     * Asks to stop, unless stopping was asked already: the first reason is the one reported.
     *
     * @param why what the stopped steps report, e.g. {@code target app1 failed}
     * @return true when this call raised the signal, false when it was raised before
     */
    public boolean stop(String why) {
        return reason.compareAndSet(null, Objects.requireNonNull(why, "why"));
    }

    /** {@return why to stop, once asked; empty until then} */
    public Optional<String> reason() {
        return Optional.ofNullable(reason.get());
    }
}
