package dev.stagehand.api.model;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * XML attributes as real packages write them: looked up ignoring case
 * ({@code IsToForceInstall} and {@code isToForceInstall} are one name), kept in document
 * order with their original spelling. Immutable.
 */
public final class Attributes {

    private static final Attributes EMPTY = new Attributes(new LinkedHashMap<>());

    /** Lower-cased name to (original name, value). */
    private final Map<String, Map.Entry<String, String>> byKey;

    private Attributes(LinkedHashMap<String, Map.Entry<String, String>> byKey) {
        this.byKey = Collections.unmodifiableMap(byKey);
    }

    public static Attributes empty() {
        return EMPTY;
    }

    /** Attributes in the map's iteration order; a later name that differs only in case replaces the earlier value. */
    public static Attributes of(Map<String, String> values) {
        LinkedHashMap<String, Map.Entry<String, String>> map = new LinkedHashMap<>();
        values.forEach((name, value) -> map.put(key(name), Map.entry(name, value)));
        return new Attributes(map);
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /** The value of the attribute, whatever the case of its name. */
    public Optional<String> get(String name) {
        Map.Entry<String, String> entry = byKey.get(key(name));
        return entry == null ? Optional.empty() : Optional.of(entry.getValue());
    }

    /** The value, or {@code fallback} when the attribute is absent. */
    public String get(String name, String fallback) {
        return get(name).orElse(fallback);
    }

    public boolean contains(String name) {
        return byKey.containsKey(key(name));
    }

    /** The names as written in the document, in document order. */
    public Set<String> names() {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        byKey.values().forEach(e -> copy.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableSet(copy.keySet());
    }

    /** Name (as written) to value, in document order. */
    public Map<String, String> asMap() {
        LinkedHashMap<String, String> copy = new LinkedHashMap<>();
        byKey.values().forEach(e -> copy.put(e.getKey(), e.getValue()));
        return Collections.unmodifiableMap(copy);
    }

    /** The same attributes with every value passed through {@code change} (variable expansion, for one). */
    public Attributes mapValues(UnaryOperator<String> change) {
        LinkedHashMap<String, Map.Entry<String, String>> map = new LinkedHashMap<>();
        byKey.forEach((k, e) -> map.put(k, Map.entry(e.getKey(), change.apply(e.getValue()))));
        return new Attributes(map);
    }

    public int size() {
        return byKey.size();
    }

    public boolean isEmpty() {
        return byKey.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Attributes other && asMap().equals(other.asMap());
    }

    @Override
    public int hashCode() {
        return asMap().hashCode();
    }

    @Override
    public String toString() {
        return asMap().toString();
    }
}
