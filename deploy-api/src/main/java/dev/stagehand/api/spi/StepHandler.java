package dev.stagehand.api.spi;

import dev.stagehand.api.PipelineStage;
import java.util.Set;

/**
 * Handles the steps of one or more types. Found with {@link java.util.ServiceLoader}
 * (annotate the implementation with {@code @AutoService(StepHandler.class)}); one instance
 * serves every step of its types, so per-step state belongs in {@link StepContext#state()}.
 *
 * <p>Every stage has a default method that does nothing: a handler that only executes
 * overrides {@link #execute}. The engine, not the handler, owns the order of stages, errors
 * and events. A handler signals failure by throwing (any exception; a
 * {@link dev.stagehand.api.DeploymentException} keeps its message as is). In
 * {@link #validate} it reports problems through {@link StepContext#problems()} so that one
 * report lists them all.
 */
public interface StepHandler {

    /** The step types this handler serves; matched ignoring case. */
    Set<String> stepTypes();

    /**
     * When two handlers claim a type, the higher priority wins (configuration can force one).
     * Built-in handlers use 0; a plugin that wants to replace one uses more.
     */
    default int priority() {
        return 0;
    }

    /**
     * Whether a step already completed by an earlier, failed run is run again when the
     * deployment resumes. Most steps are idempotent records of work done; script runners
     * may opt in.
     */
    default boolean rerunOnResume(StepContext context) {
        return false;
    }

    default void initialize(StepContext context) throws Exception {
    }

    default void acquire(StepContext context) throws Exception {
    }

    default void validate(StepContext context) throws Exception {
    }

    default void prepare(StepContext context) throws Exception {
    }

    default void execute(StepContext context) throws Exception {
    }

    default void complete(StepContext context) throws Exception {
    }

    default void cleanup(StepContext context) throws Exception {
    }

    /** Runs the method of {@code stage}; the engine calls this. */
    default void run(PipelineStage stage, StepContext context) throws Exception {
        switch (stage) {
            case INITIALIZE -> initialize(context);
            case ACQUIRE -> acquire(context);
            case VALIDATE -> validate(context);
            case PREPARE -> prepare(context);
            case EXECUTE -> execute(context);
            case COMPLETE -> complete(context);
            case CLEANUP -> cleanup(context);
            default -> throw new IllegalArgumentException("unknown stage " + stage);
        }
    }
}
