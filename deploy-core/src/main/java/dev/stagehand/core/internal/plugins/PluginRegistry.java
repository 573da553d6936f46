package dev.stagehand.core.internal.plugins;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.api.Location;
import dev.stagehand.api.Problem;
import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.StepDescriptor;
import dev.stagehand.api.database.DatabaseConnection;
import dev.stagehand.api.database.DatabaseType;
import dev.stagehand.api.database.DatabaseTypes;
import dev.stagehand.api.spi.PackageTypeHandler;
import dev.stagehand.api.spi.ScriptHandler;
import dev.stagehand.api.spi.ScriptHandlers;
import dev.stagehand.api.spi.StepHandler;
import dev.stagehand.api.target.TargetProvider;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plugins found with {@link ServiceLoader}: one handler per step type, package type and
 * script handler name, one provider per target scheme, one database type per name. When two
 * claim the same name the higher priority wins; configuration can force a handler by class
 * name. The classpath order never decides: equal priorities are broken by class name, and the
 * choice is logged at debug level.
 */
public final class PluginRegistry implements ScriptHandlers, DatabaseTypes {

    private static final Logger LOG = LoggerFactory.getLogger(PluginRegistry.class);

    private final List<StepHandler> allStepHandlers;
    private final List<PackageTypeHandler> allTypeHandlers;
    private final List<ScriptHandler> allScriptHandlers;
    private final List<TargetProvider> allTargetProviders;
    private final List<DatabaseType> allDatabaseTypes;
    private final Map<String, StepHandler> stepHandlers;
    private final Map<String, PackageTypeHandler> typeHandlers;
    private final Map<String, ScriptHandler> scriptsByName;
    private final Map<String, ScriptHandler> scriptsByExtension;
    private final Map<String, TargetProvider> targetProviders;
    private final Map<String, DatabaseType> databaseTypes;

    /**
     * @param forced step type, package type or script handler name (any case) to the class name
     *               (simple or full) of the handler that must serve it
     */
    public PluginRegistry(Collection<StepHandler> steps, Collection<PackageTypeHandler> types,
                          Collection<ScriptHandler> scripts, Collection<TargetProvider> targets,
                          Collection<DatabaseType> databases, Map<String, String> forced) {
        Map<String, String> force = new LinkedHashMap<>();
        forced.forEach((type, cls) -> force.put(key(type), cls));
        allStepHandlers = List.copyOf(steps);
        allTypeHandlers = List.copyOf(types);
        allScriptHandlers = List.copyOf(scripts);
        allTargetProviders = List.copyOf(targets);
        allDatabaseTypes = List.copyOf(databases);
        stepHandlers = choose("step type", steps, StepHandler::stepTypes, StepHandler::priority, force);
        typeHandlers = choose("package type", types, PackageTypeHandler::packageTypes, PackageTypeHandler::priority,
                force);
        scriptsByName = choose("script handler", scripts, ScriptHandler::names, ScriptHandler::priority, force);
        scriptsByExtension = choose("script extension", scripts, ScriptHandler::extensions, ScriptHandler::priority,
                force);
        targetProviders = choose("target scheme", targets, p -> Set.of(p.scheme()), TargetProvider::priority, Map.of());
        databaseTypes = choose("database type", databases, PluginRegistry::databaseNames, DatabaseType::priority,
                Map.of());
        for (Map.Entry<String, String> entry : force.entrySet()) {
            boolean known = stepHandlers.containsKey(entry.getKey()) || typeHandlers.containsKey(entry.getKey())
                    || scriptsByName.containsKey(entry.getKey());
            if (!known) {
                throw new DeploymentException("no handler " + entry.getValue() + " serves '" + entry.getKey()
                        + "' (forced by the configuration)", Location.UNKNOWN);
            }
        }
    }

    /** The plugins on the class path of {@code loader}. */
    public static PluginRegistry load(ClassLoader loader, Map<String, String> forced) {
        return new PluginRegistry(all(StepHandler.class, loader), all(PackageTypeHandler.class, loader),
                all(ScriptHandler.class, loader), all(TargetProvider.class, loader), all(DatabaseType.class, loader),
                forced);
    }

    private static <T> List<T> all(Class<T> type, ClassLoader loader) {
        List<T> found = new ArrayList<>();
        try {
            ServiceLoader.load(type, loader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new DeploymentException("a plugin cannot be loaded: " + e.getMessage(), Location.UNKNOWN, e);
        }
        return found;
    }

    /** The names a database type answers to: its name and its aliases. */
    public static Set<String> databaseNames(DatabaseType type) {
        Set<String> names = new LinkedHashSet<>();
        names.add(type.name());
        names.addAll(type.aliases());
        return names;
    }

    private static <T> Map<String, T> choose(String what, Collection<T> handlers, Function<T, Set<String>> names,
                                             ToIntFunction<T> priority, Map<String, String> forced) {
        Map<String, List<T>> claims = new LinkedHashMap<>();
        for (T handler : handlers) {
            for (String name : names.apply(handler)) {
                claims.computeIfAbsent(key(name), k -> new ArrayList<>()).add(handler);
            }
        }
        Map<String, T> chosen = new LinkedHashMap<>();
        claims.forEach((name, candidates) -> {
            String forcedClass = forced.get(name);
            T winner;
            if (forcedClass != null) {
                winner = candidates.stream().filter(h -> h.getClass().getName().equals(forcedClass)
                        || h.getClass().getSimpleName().equals(forcedClass)).findFirst().orElse(null);
                if (winner == null) {
                    return;
                }
            } else {
                winner = candidates.stream().max(Comparator.comparingInt(priority)
                        .thenComparing(h -> h.getClass().getName(), Comparator.reverseOrder())).orElseThrow();
            }
            if (candidates.size() > 1) {
                LOG.debug("{} '{}' is claimed by {}; {} serves it", what, name,
                        candidates.stream().map(h -> h.getClass().getName()).toList(), winner.getClass().getName());
            }
            chosen.put(name, winner);
        });
        return chosen;
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    public Optional<StepHandler> stepHandler(String stepType) {
        return Optional.ofNullable(stepHandlers.get(key(stepType)));
    }

    public Optional<PackageTypeHandler> typeHandler(String packageType) {
        return packageType == null ? Optional.empty() : Optional.ofNullable(typeHandlers.get(key(packageType)));
    }

    public Optional<TargetProvider> targetProvider(String scheme) {
        return Optional.ofNullable(targetProviders.get(key(scheme)));
    }

    /** The step types served, sorted, as their handlers spell them, for error messages. */
    public Set<String> knownStepTypes() {
        Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        stepHandlers.values().forEach(h -> known.addAll(h.stepTypes()));
        return known;
    }

    /**
     * Why a step type cannot run: the module that would serve it when it is one of the seed's
     * types, else the types that can.
     */
    public String unknownStepType(String stepType) {
        return KnownModules.moduleOf(stepType)
                .map(module -> "no loaded plugin serves step type '" + stepType + "'; it is served by the module "
                        + module + ": put its jar in the plugins folder (or on the class path)")
                .orElseGet(() -> "no loaded plugin serves step type '" + stepType + "'; known types: "
                        + String.join(", ", knownStepTypes()));
    }

    /** An error for each step of {@code manifest} whose type no loaded handler serves, located at the step. */
    public List<Problem> unservedSteps(PackageManifest manifest) {
        return unservedSteps(manifest, type -> stepHandler(type).isPresent(), this::unknownStepType);
    }

    /** The same, with what serves a step type and why one is not served given. */
    public static List<Problem> unservedSteps(PackageManifest manifest, Predicate<String> served,
                                              UnaryOperator<String> why) {
        List<Problem> problems = new ArrayList<>();
        for (StepDescriptor step : manifest.steps()) {
            if (!served.test(step.type())) {
                problems.add(Problem.error(why.apply(step.type()), step.location().withPackage(manifest.id(),
                        manifest.version())));
            }
        }
        return problems;
    }

    /** Every name a handler or a provider declares as a secret. */
    public Set<String> declaredSecrets() {
        Set<String> names = new LinkedHashSet<>();
        allStepHandlers.forEach(h -> names.addAll(h.secretVariables()));
        allTypeHandlers.forEach(h -> names.addAll(h.secretVariables()));
        allScriptHandlers.forEach(h -> names.addAll(h.secretVariables()));
        return names;
    }

    public List<StepHandler> stepHandlers() {
        return allStepHandlers;
    }

    public List<PackageTypeHandler> typeHandlers() {
        return allTypeHandlers;
    }

    public List<ScriptHandler> scriptHandlers() {
        return allScriptHandlers;
    }

    public List<TargetProvider> targetProviders() {
        return allTargetProviders;
    }

    /** Every database type loaded, chosen or not ({@link #all} lists the chosen ones). */
    public List<DatabaseType> databaseTypes() {
        return allDatabaseTypes;
    }

    /** Whether a plugin is the one chosen for its names (false when another one of higher priority won). */
    public boolean isChosen(Object plugin) {
        return stepHandlers.containsValue(plugin) || typeHandlers.containsValue(plugin)
                || scriptsByName.containsValue(plugin) || scriptsByExtension.containsValue(plugin)
                || targetProviders.containsValue(plugin) || databaseTypes.containsValue(plugin);
    }

    @Override
    public Optional<ScriptHandler> byName(String name) {
        return Optional.ofNullable(scriptsByName.get(key(name)));
    }

    @Override
    public Optional<ScriptHandler> forScript(String scriptPath) {
        int dot = scriptPath.lastIndexOf('.');
        return dot < 0 ? Optional.empty() : Optional.ofNullable(scriptsByExtension.get(key(scriptPath.substring(dot + 1))));
    }

    @Override
    public Optional<DatabaseType> named(String name) {
        return name == null ? Optional.empty() : Optional.ofNullable(databaseTypes.get(key(name)));
    }

    @Override
    public Optional<DatabaseType> of(DatabaseConnection connection) {
        Optional<DatabaseType> byName = named(connection.type());
        if (byName.isPresent() || connection.url() == null) {
            return byName;
        }
        return forUrl(connection.url());
    }

    /**
     * The type whose URLs look like {@code url}: of those that accept it, the one of highest
     * priority, equal priorities broken by name so that the classpath order never decides.
     */
    public Optional<DatabaseType> forUrl(String url) {
        return all().stream().filter(t -> t.accepts(url)).max(Comparator.comparingInt(DatabaseType::priority)
                .thenComparing(DatabaseType::name, Comparator.reverseOrder()));
    }

    @Override
    public List<DatabaseType> all() {
        return databaseTypes.values().stream().distinct().sorted(Comparator.comparing(DatabaseType::name)).toList();
    }
}
