package dev.stagehand.core.internal.engine;

import dev.stagehand.api.spi.PackageTypeHandler;
import dev.stagehand.api.spi.ScriptHandler;
import dev.stagehand.api.spi.ScriptHandlers;
import dev.stagehand.api.spi.StepHandler;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The handlers found with {@link ServiceLoader}, one per step type, package type and script
 * handler name. When two claim the same name the higher priority wins; configuration can force
 * a handler by class name. The classpath order never decides: equal priorities are broken by
 * class name, and the choice is logged at debug level.
 */
public final class HandlerRegistry implements ScriptHandlers {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerRegistry.class);

    private final Map<String, StepHandler> stepHandlers;
    private final Map<String, PackageTypeHandler> typeHandlers;
    private final Map<String, ScriptHandler> scriptsByName;
    private final Map<String, ScriptHandler> scriptsByExtension;

    /**
     * @param forced step type (any case) to the class name of the handler that must serve it
     */
    public HandlerRegistry(Collection<StepHandler> steps, Collection<PackageTypeHandler> types,
                           Collection<ScriptHandler> scripts, Map<String, String> forced) {
        Map<String, String> force = new LinkedHashMap<>();
        forced.forEach((type, cls) -> force.put(key(type), cls));
        stepHandlers = choose("step type", steps, StepHandler::stepTypes, StepHandler::priority, force);
        typeHandlers = choose("package type", types, PackageTypeHandler::packageTypes, PackageTypeHandler::priority,
                force);
        scriptsByName = choose("script handler", scripts, ScriptHandler::names, ScriptHandler::priority, force);
        scriptsByExtension = choose("script extension", scripts, ScriptHandler::extensions, ScriptHandler::priority,
                force);
        for (Map.Entry<String, String> entry : force.entrySet()) {
            boolean known = stepHandlers.containsKey(entry.getKey()) || typeHandlers.containsKey(entry.getKey())
                    || scriptsByName.containsKey(entry.getKey());
            if (!known) {
                throw new IllegalArgumentException("no handler " + entry.getValue() + " serves '" + entry.getKey() + "'");
            }
        }
    }

    /** The handlers on the class path of {@code loader}. */
    public static HandlerRegistry load(ClassLoader loader, Map<String, String> forced) {
        return new HandlerRegistry(all(StepHandler.class, loader), all(PackageTypeHandler.class, loader),
                all(ScriptHandler.class, loader), forced);
    }

    private static <T> List<T> all(Class<T> type, ClassLoader loader) {
        List<T> found = new ArrayList<>();
        ServiceLoader.load(type, loader).forEach(found::add);
        return found;
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

    /** The step types served, sorted, as their handlers spell them, for error messages. */
    public Set<String> knownStepTypes() {
        Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        stepHandlers.values().forEach(h -> known.addAll(h.stepTypes()));
        return known;
    }

    public Set<String> knownScriptHandlers() {
        Set<String> known = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        scriptsByName.values().forEach(h -> known.addAll(h.names()));
        return known;
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
}
