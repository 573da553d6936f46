package dev.stagehand.api.model;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
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

    private static final Attributes EMPTY = new Attributes(new String[0], new String[0]);

    // Elements carry a handful of attributes: a scan of two small arrays is faster and lighter
    // than any map, and thousands of manifests are read at once.
    private final String[] names;
    private final String[] values;
    private Map<String, String> asMap;

    private Attributes(String[] names, String[] values) {
        this.names = names;
        this.values = values;
    }

    /** {@return no attributes, shared} */
    public static Attributes empty() {
        return EMPTY;
    }

    /**
     * Attributes in the map's iteration order; a later name that differs only in case replaces the earlier value.
     *
     * @param values name to value
     * @return the attributes
     */
    public static Attributes of(Map<String, String> values) {
        if (values.isEmpty()) {
            return EMPTY;
        }
        String[] n = new String[values.size()];
        String[] v = new String[values.size()];
        int size = 0;
        for (Map.Entry<String, String> e : values.entrySet()) {
            int existing = indexOf(n, size, e.getKey());
            if (existing >= 0) {
                v[existing] = e.getValue();
            } else {
                n[size] = e.getKey();
                v[size] = e.getValue();
                size++;
            }
        }
        return new Attributes(Arrays.copyOf(n, size), Arrays.copyOf(v, size));
    }

    private static int indexOf(String[] names, int size, String name) {
        for (int i = 0; i < size; i++) {
            if (names[i].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The value of the attribute, whatever the case of its name.
     *
     * @param name the attribute's name, in any case
     * @return its value; empty when absent
     */
    public Optional<String> get(String name) {
        int i = indexOf(names, names.length, name);
        return i < 0 ? Optional.empty() : Optional.of(values[i]);
    }

    /**
     * The value, or {@code fallback} when the attribute is absent.
     *
     * @param name the attribute's name, in any case
     * @param fallback the value when the attribute is absent
     * @return its value, or {@code fallback}
     */
    public String get(String name, String fallback) {
        int i = indexOf(names, names.length, name);
        return i < 0 ? fallback : values[i];
    }

    /**
     * Whether the attribute is present, whatever the case of its name.
     *
     * @param name the attribute's name
     * @return true when present, even with an empty value
     */
    public boolean contains(String name) {
        return indexOf(names, names.length, name) >= 0;
    }

    /** {@return the names as written in the document, in document order} */
    public Set<String> names() {
        return asMap().keySet();
    }

    /**
     * Name (as written) to value, in document order.
     *
     * @return an unmodifiable map, made once
     */
    public Map<String, String> asMap() {
        if (asMap == null) {
            LinkedHashMap<String, String> map = new LinkedHashMap<>();
            for (int i = 0; i < names.length; i++) {
                map.put(names[i], values[i]);
            }
            asMap = Collections.unmodifiableMap(map);
        }
        return asMap;
    }

    /**
     * The same attributes with every value passed through {@code change} (variable expansion, for one).
     *
     * @param change what to do to each value
     * @return new attributes; these are unchanged
     */
    public Attributes mapValues(UnaryOperator<String> change) {
        String[] changed = new String[values.length];
        for (int i = 0; i < values.length; i++) {
            changed[i] = change.apply(values[i]);
        }
        return new Attributes(names, changed);
    }

    /** {@return how many attributes there are} */
    public int size() {
        return names.length;
    }

    /** {@return true when there are none} */
    public boolean isEmpty() {
        return names.length == 0;
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
