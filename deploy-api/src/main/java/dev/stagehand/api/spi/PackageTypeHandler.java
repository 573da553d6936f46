package dev.stagehand.api.spi;

import dev.stagehand.api.PipelineStage;
import java.util.Set;

/**
 * Runs around all packages of a type (Database, Business, Presentation, ...): in each stage,
 * {@link #beforeFirst} before the first package of its type and {@link #afterLast} after the
 * last. Found with {@link java.util.ServiceLoader}.
 */
public interface PackageTypeHandler {

    /** The package types served; matched ignoring case. */
    Set<String> packageTypes();

    /** Variables that must be set for packages of these types (checked in Validate). */
    default Set<String> requiredVariables() {
        return Set.of();
    }

    default int priority() {
        return 0;
    }

    default void beforeFirst(PipelineStage stage, PackageTypeContext context) throws Exception {
    }

    default void afterLast(PipelineStage stage, PackageTypeContext context) throws Exception {
    }
}
