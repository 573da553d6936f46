package dev.stagehand.api.spi;

import dev.stagehand.api.PipelineStage;
import java.util.List;
import java.util.Set;

/**
 * Runs around all packages of a type (Database, Business, Presentation, ...): in each stage,
 * {@link #beforeFirst} before the first package of its type and {@link #afterLast} after the
 * last. The seed's package types collect the variables they need and prepare the environment
 * that receives the packages. Found with {@link java.util.ServiceLoader}.
 */
public interface PackageTypeHandler {

    /** {@return the package types served; matched ignoring case} */
    Set<String> packageTypes();

    /**
     * Variables that must be set for packages of these types (checked in Validate).
     *
     * @return the names of the variables, checked before anything is changed
     */
    default Set<String> requiredVariables() {
        return Set.of();
    }

    /**
     * Names of variables this handler treats as secrets (see {@link StepHandler#secretVariables}).
     *
     * @return the extra secret names, matched ignoring case
     */
    default Set<String> secretVariables() {
        return Set.of();
    }

    /**
     * When two handlers claim a package type, the higher priority wins.
     *
     * @return this handler's priority; built-in handlers use 0
     */
    default int priority() {
        return 0;
    }

    /**
     * What the handler will create or change for the packages of its type, for the preparation notice.
     *
     * @param context the packages of the handler's types
     * @return the changes, in the order they are made
     * @throws Exception when the changes cannot be told
     */
    default List<PlannedChange> plannedChanges(PackageTypeContext context) throws Exception {
        return List.of();
    }

    /**
     * Called once per stage before the first step of any package of these types runs it, for work
     * done once for all of them (opening a session, checking a registry).
     *
     * @param stage the stage about to run
     * @param context the packages of the handler's types
     * @throws Exception to fail those packages
     */
    default void beforeFirst(PipelineStage stage, PackageTypeContext context) throws Exception {
    }

    /**
     * Called once per stage after the last step of the packages of these types ran it, for work
     * done once for all of them (registering the packages installed).
     *
     * @param stage the stage just run
     * @param context the packages of the handler's types
     * @throws Exception to fail those packages
     */
    default void afterLast(PipelineStage stage, PackageTypeContext context) throws Exception {
    }
}
