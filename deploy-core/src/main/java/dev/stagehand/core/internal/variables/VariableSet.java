package dev.stagehand.core.internal.variables;

import dev.stagehand.api.model.PackageManifest;
import dev.stagehand.api.model.VariableDeclaration;
import dev.stagehand.api.spi.VariableReferences;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Variables with their values in precedence order: the engine's facts ({@code Deployment.Id},
 * {@code Package[Id].Version}, ...), overrides ({@code --set}, then {@code DEPLOY_VAR_*}
 * environment variables), parameters, UI defaults, {@code Deployment.User}. Names match
 * ignoring case. Values of Password variables, of names ending in {@code Password} and of names
 * marked secret are masked as {@code ******} by {@link #mask}.
 */
public final class VariableSet {

    public static final String MASK = "******";
    /** Environment variables named {@code DEPLOY_VAR_<NAME>} give variable values. */
    public static final String ENVIRONMENT_PREFIX = "DEPLOY_VAR_";
    private static final String DATABASE_PREFIX = "product.database.";

    private static final Logger LOG = LoggerFactory.getLogger(VariableSet.class);
    private static final String USER = "Deployment.User";

    private final Map<String, String> values = new LinkedHashMap<>();
    private final Map<String, String> names = new LinkedHashMap<>();
    private final Map<String, VariableDeclaration> declarations = new LinkedHashMap<>();
    private final Set<String> secretNames = new LinkedHashSet<>();
    private List<String> secretValues;
    private Set<String> databases;

    /**
     * @param parameters   values given by the user
     * @param declarations UI declarations (their defaults apply when no parameter is given)
     * @param builtIns     values the engine provides: facts of the deployment, which win over any
     *                     value given, except {@code Deployment.User}, which a value given replaces
     *                     (a service account deploying for a person)
     * @param markedSecret further names whose values must never be shown
     */
    public VariableSet(Map<String, String> parameters, List<VariableDeclaration> declarations,
                       Map<String, String> builtIns, Set<String> markedSecret) {
        this(Map.of(), parameters, declarations, builtIns, markedSecret);
    }

    /**
     * @param overrides values that win over the parameters ({@code --set}, environment variables)
     */
    public VariableSet(Map<String, String> overrides, Map<String, String> parameters,
                       List<VariableDeclaration> declarations, Map<String, String> builtIns, Set<String> markedSecret) {
        overrides.forEach(this::putIfAbsent);
        parameters.forEach(this::putIfAbsent);
        for (VariableDeclaration d : declarations) {
            this.declarations.putIfAbsent(key(d.name()), d);
            if (d.defaultValue() != null) {
                putIfAbsent(d.name(), d.defaultValue());
            }
            if (d.isSecret()) {
                secretNames.add(key(d.name()));
            }
        }
        builtIns.forEach((name, value) -> {
            String given = values.get(key(name));
            if (given == null || key(name).equals(key(USER))) {
                putIfAbsent(name, value);
            } else if (!given.equals(value)) {
                LOG.warn("{} is set by the engine to {}; the value given for it is not used", name, value);
                values.put(key(name), value);
            }
        });
        markedSecret.forEach(n -> secretNames.add(key(n)));
        // Connection passwords (Product.Database.Online.Password) are secrets whether or not a
        // UI declares them.
        values.keySet().stream().filter(k -> k.endsWith("password")).forEach(secretNames::add);
    }

    /**
     * The variables the environment gives: {@code DEPLOY_VAR_PRODUCT_DATABASE_ONLINE_PASSWORD} is
     * {@code Product.Database.Online.Password}. A name among {@code known} whose upper-cased form
     * (dots as {@code _}) matches is used as written; any other gets its dots back from the
     * underscores (names match ignoring case, so only a name holding {@code _} needs to be known).
     */
    public static Map<String, String> fromEnvironment(Map<String, String> environment, Collection<String> known) {
        Map<String, String> byEnvironmentName = new LinkedHashMap<>();
        known.forEach(name -> byEnvironmentName.putIfAbsent(environmentName(name), name));
        Map<String, String> found = new LinkedHashMap<>();
        environment.entrySet().stream().filter(e -> e.getKey().startsWith(ENVIRONMENT_PREFIX)
                        && e.getKey().length() > ENVIRONMENT_PREFIX.length())
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    String rest = e.getKey().substring(ENVIRONMENT_PREFIX.length());
                    String name = byEnvironmentName.getOrDefault(e.getKey(), rest.replace('_', '.'));
                    found.put(name, e.getValue());
                });
        return found;
    }

    /** {@code DEPLOY_VAR_} and the name upper-cased with dots as {@code _}. */
    public static String environmentName(String variable) {
        return ENVIRONMENT_PREFIX + variable.trim().toUpperCase(Locale.ROOT).replace('.', '_');
    }

    private void putIfAbsent(String name, String value) {
        if (values.putIfAbsent(key(name), value) == null) {
            names.put(key(name), name);
        }
    }

    private static String key(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    public Optional<String> get(String name) {
        return get(name, key(name));
    }

    /** {@link #get(String)} of a name whose key is known already. */
    private Optional<String> get(String name, String k) {
        String direct = values.get(k);
        if (direct != null) {
            return Optional.of(direct);
        }
        // A composite database reference such as Product.Database.Online stands for its logical
        // name when its parts are set; the connection itself is assembled for handlers elsewhere.
        if (k.startsWith(DATABASE_PREFIX) && k.indexOf('.', DATABASE_PREFIX.length()) < 0
                && databases().contains(k)) {
            return Optional.of(name.trim().substring(DATABASE_PREFIX.length()));
        }
        return Optional.empty();
    }

    /** The logical databases that have parts ({@code product.database.online} for {@code ...Online.Url}), lower case. */
    private Set<String> databases() {
        if (databases == null) {
            Set<String> found = new HashSet<>();
            for (String k : values.keySet()) {
                int dot = k.startsWith(DATABASE_PREFIX) ? k.indexOf('.', DATABASE_PREFIX.length()) : -1;
                if (dot > 0) {
                    found.add(k.substring(0, dot));
                }
            }
            databases = found;
        }
        return databases;
    }

    /** Whether {@code name} is a composite reference ({@code Product.Database.Online}) whose parts are set. */
    public boolean isComposite(String name) {
        String k = key(name);
        return !values.containsKey(k) && databases().contains(k);
    }

    /** The names and values of the variables below a prefix ({@code Product.Database.Online.}), as written. */
    public Map<String, String> below(String prefix) {
        String wanted = key(prefix) + ".";
        Map<String, String> found = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (k.startsWith(wanted)) {
                found.put(names.get(k), v);
            }
        });
        return found;
    }

    public Optional<VariableDeclaration> declaration(String name) {
        return Optional.ofNullable(declarations.get(key(name)));
    }

    /** Names of every variable with a value, as first written. */
    public Set<String> names() {
        return new LinkedHashSet<>(names.values());
    }

    public boolean isSecret(String name) {
        return secretNames.contains(key(name));
    }

    public Set<String> secretNames() {
        return Set.copyOf(secretNames);
    }

    /**
     * Replaces {@code $(Name)} with values; {@code $$(} is a literal {@code $(}.
     *
     * @param undefined called with a name that has no value; returns the text to put in its place (or throws)
     */
    public String expand(String text, Function<String, String> undefined) {
        return expand(text, Map.of(), undefined);
    }

    /**
     * As {@link #expand(String, Function)}, looking first in {@code local}: values that hold for
     * one package only ({@code Package.Version}); its keys must be lower case.
     */
    public String expand(String text, Map<String, String> local, Function<String, String> undefined) {
        return VariableReferences.expand(text, name -> {
            String k = key(name);
            String localValue = local.get(k);
            return localValue != null ? Optional.of(localValue) : get(name, k);
        }, undefined);
    }

    /**
     * The built-ins that hold for one package ({@code Package.Id}, {@code Package.Version},
     * {@code Package.TargetDirectory}, the last expanded as far as known), keys lower case as
     * {@link #expand(String, Map, Function)} wants them.
     */
    public Map<String, String> packageBuiltIns(PackageManifest m) {
        Map<String, String> local = new LinkedHashMap<>();
        local.put("package.id", m.id());
        local.put("package.version", m.version());
        if (m.targetDirectory() != null) {
            local.put("package.targetdirectory", expandKnown(m.targetDirectory()));
        }
        return local;
    }

    /**
     * The variables of a deployment of {@code manifests}: the given values over the packages' UI
     * defaults over the built-ins, as every step of it sees them.
     */
    public static VariableSet ofDeployment(Map<String, String> overrides, Map<String, String> parameters,
                                           List<PackageManifest> manifests, String deploymentId, Set<String> secrets) {
        VariableSet given = new VariableSet(overrides, parameters, List.of(), Map.of(), secrets);
        List<VariableDeclaration> declarations = manifests.stream().flatMap(m -> m.ui().variables().stream()).toList();
        return new VariableSet(overrides, parameters, declarations, deploymentBuiltIns(deploymentId, manifests, given),
                secrets);
    }

    /**
     * The deployment's built-ins: {@code Deployment.Id}, {@code Deployment.User}, and for every
     * package {@code Package[Id].Version} and {@code Package[Id].TargetDirectory} (expanded with
     * {@code given}, the user's values, as far as known).
     */
    public static Map<String, String> deploymentBuiltIns(String deploymentId, Collection<PackageManifest> manifests,
                                                         VariableSet given) {
        Map<String, String> builtIns = new LinkedHashMap<>();
        builtIns.put("Deployment.Id", deploymentId);
        builtIns.put(USER, System.getProperty("user.name", "unknown"));
        for (PackageManifest m : manifests) {
            builtIns.put("Package[" + m.id() + "].Version", m.version());
            if (m.targetDirectory() != null) {
                builtIns.put("Package[" + m.id() + "].TargetDirectory", given.expandKnown(m.targetDirectory()));
            }
        }
        return builtIns;
    }

    /** Expands what can be expanded and leaves unknown {@code $(Name)} as written. */
    public String expandKnown(String text) {
        return expand(text, name -> "$(" + name + ")");
    }

    /** {@code text} with every secret value replaced by {@value #MASK}. */
    public String mask(String text) {
        if (text == null) {
            return null;
        }
        if (secretValues == null) {
            secretValues = secretNames.stream().map(values::get).filter(v -> v != null && !v.isEmpty()).distinct()
                    .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        }
        String masked = text;
        for (String secret : secretValues) {
            masked = masked.replace(secret, MASK);
        }
        return masked;
    }
}
