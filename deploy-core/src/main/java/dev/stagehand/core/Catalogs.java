package dev.stagehand.core;

import dev.stagehand.api.database.DatabaseType;
import dev.stagehand.api.spi.PackageTypeHandler;
import dev.stagehand.api.spi.ScriptHandler;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.target.TargetProvider;
import dev.stagehand.core.PluginCatalog.Kind;
import dev.stagehand.core.PluginCatalog.Plugin;
import dev.stagehand.core.internal.plugins.PluginRegistry;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** The {@link PluginCatalog} of a registry. */
final class Catalogs {

    private Catalogs() {
    }

    static PluginCatalog of(PluginRegistry registry) {
        List<Plugin> plugins = new ArrayList<>();
        for (StepHandler h : registry.stepHandlers()) {
            plugins.add(plugin(registry, Kind.STEP_TYPE, h.stepTypes(), h, h.priority()));
        }
        for (PackageTypeHandler h : registry.typeHandlers()) {
            plugins.add(plugin(registry, Kind.PACKAGE_TYPE, h.packageTypes(), h, h.priority()));
        }
        for (ScriptHandler h : registry.scriptHandlers()) {
            Set<String> names = new LinkedHashSet<>(h.names());
            h.extensions().forEach(e -> names.add("." + e));
            plugins.add(plugin(registry, Kind.SCRIPT_HANDLER, names, h, h.priority()));
        }
        for (TargetProvider p : registry.targetProviders()) {
            plugins.add(plugin(registry, Kind.TARGET_PROVIDER, Set.of(p.scheme() + ":"), p, p.priority()));
        }
        for (DatabaseType t : registry.databaseTypes()) {
            plugins.add(plugin(registry, Kind.DATABASE_TYPE, PluginRegistry.databaseNames(t), t, t.priority()));
        }
        plugins.sort(Comparator.comparing(Plugin::kind).thenComparing(p -> p.names().stream().sorted(
                String.CASE_INSENSITIVE_ORDER).findFirst().orElse("")).thenComparing(Plugin::className));
        return new PluginCatalog(plugins, registry::unknownStepType);
    }

    private static Plugin plugin(PluginRegistry registry, Kind kind, Set<String> names, Object plugin, int priority) {
        return new Plugin(kind, names, plugin.getClass().getName(), source(plugin.getClass()), priority,
                registry.isChosen(plugin));
    }

    /** The jar or folder a class was loaded from, as the user would name it. */
    private static String source(Class<?> type) {
        CodeSource code = type.getProtectionDomain().getCodeSource();
        if (code == null || code.getLocation() == null) {
            return "(unknown)";
        }
        try {
            return PackageReader.displayName(Path.of(code.getLocation().toURI()));
        } catch (URISyntaxException | IllegalArgumentException e) {
            return code.getLocation().toString();
        }
    }
}
