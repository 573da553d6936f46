package dev.stagehand.core;

import dev.stagehand.api.Problem;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.core.internal.plugins.PluginRegistry;
import java.util.List;
import java.util.Set;

/**
 * The plugins a {@link Stagehand} found: what each serves, from which jar, with which priority,
 * and whether it is the one chosen for its names.
 *
 * @param plugins every plugin, by kind then name
 * @param unknown  says why a step type no plugin serves cannot run (and which module serves it)
 */
public record PluginCatalog(List<Plugin> plugins, java.util.function.UnaryOperator<String> unknown) {

    /** What a plugin is. */
    public enum Kind {
        /** A {@link dev.stagehand.api.spi.StepHandler}. */
        STEP_TYPE("step types"),
        /** A {@link dev.stagehand.api.spi.PackageTypeHandler}. */
        PACKAGE_TYPE("package types"),
        /** A {@link dev.stagehand.api.spi.ScriptHandler}. */
        SCRIPT_HANDLER("script handlers"),
        /** A {@link dev.stagehand.api.target.TargetProvider}. */
        TARGET_PROVIDER("target providers"),
        /** A {@link dev.stagehand.api.database.DatabaseType}. */
        DATABASE_TYPE("database types");

        private final String title;

        Kind(String title) {
            this.title = title;
        }

        /** {@return how a listing heads the plugins of this kind} */
        public String title() {
            return title;
        }
    }

    /**
     * One plugin.
     *
     * @param kind      what it is
     * @param names     the step types, package types, script names (and extensions), scheme or database names it serves
     * @param className its class
     * @param source    the jar or folder it was loaded from
     * @param priority  its priority among plugins claiming the same names
     * @param chosen    false when another plugin of higher priority (or forced) serves its names
     */
    public record Plugin(Kind kind, Set<String> names, String className, String source, int priority,
                         boolean chosen) {

        /**
         * Copies the names, so that the entry stays unchanged.
         *
         * @param kind what it is
         * @param names the step types, package types, script names (and extensions), scheme or database names it serves
         * @param className its class
         * @param source the jar or folder it was loaded from
         * @param priority its priority among plugins claiming the same names
         * @param chosen false when another plugin of higher priority (or forced) serves its names
         */
        public Plugin {
            names = Set.copyOf(names);
        }
    }

    /**
     * Copies the plugins, so that the catalog stays unchanged.
     *
     * @param plugins every plugin, by kind then name
     * @param unknown says why a step type no plugin serves cannot run (and which module serves it)
     */
    public PluginCatalog {
        plugins = List.copyOf(plugins);
    }

    /**
     * @param kind a kind of plugin
     * @return the plugins of that kind, by name
     */
    public List<Plugin> of(Kind kind) {
        return plugins.stream().filter(p -> p.kind() == kind).toList();
    }

    /**
     * Whether a loaded plugin serves a step type (matched ignoring case).
     *
     * @param stepType the step type
     * @return true when a loaded handler serves it
     */
    public boolean servesStepType(String stepType) {
        return of(Kind.STEP_TYPE).stream().anyMatch(p -> p.names().stream().anyMatch(n -> n.equalsIgnoreCase(stepType)));
    }

    /**
     * Why a step type cannot run: the module of this project that serves it when it is one of
     * the seed's types ({@code RunClickHouseSql}: deploy-steps-clickhouse), else the types that can.
     *
     * @param stepType a step type no loaded plugin serves
     * @return the reason, for the user
     */
    public String whyUnserved(String stepType) {
        return unknown.apply(stepType);
    }

    /**
     * An error for each step of {@code manifest} whose type no loaded plugin serves, located at the step.
     *
     * @param manifest a package's manifest
     * @return the errors; empty when every step is served
     */
    public List<Problem> unservedSteps(PackageManifest manifest) {
        return PluginRegistry.unservedSteps(manifest, this::servesStepType,
                this::whyUnserved);
    }
}
