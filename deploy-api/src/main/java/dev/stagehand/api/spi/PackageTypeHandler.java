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

    /** The package types served; matched ignoring case. */
    Set<String> packageTypes();

    /** Variables that must be set for packages of these types (checked in Validate). */
    default Set<String> requiredVariables() {
        return Set.of();
    }

    /** Names of variables this handler treats as secrets (see {@link StepHandler#secretVariables}). */
    default Set<String> secretVariables() {
        return Set.of();
    }

    default int priority() {
        return 0;
    }

    /** What the handler will create or change for the packages of its type, for the preparation notice. */
    default List<PlannedChange> plannedChanges(PackageTypeContext context) throws Exception {
        return List.of();
    }

    default void beforeFirst(PipelineStage stage, PackageTypeContext context) throws Exception {
    }

    default void afterLast(PipelineStage stage, PackageTypeContext context) throws Exception {
    }
}
