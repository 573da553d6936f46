package dev.stagehand.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.semver4j.Semver;

/**
 * Parses Semantic Versions once per distinct text. A source of thousands of packages repeats a
 * few hundred version strings, and parsing is the costly part of comparing them.
 */
public final class Versions {

    private static final int LIMIT = 100_000;
    private static final Map<String, Semver> CACHE = new ConcurrentHashMap<>();
    /** Stands for "not a version" in the cache, which holds no nulls. */
    private static final Semver INVALID = Semver.of(0, 0, 0);

    private Versions() {
    }

    /** The version, or null when {@code text} is not a Semantic Version. */
    public static Semver parse(String text) {
        if (text == null) {
            return null;
        }
        Semver cached = CACHE.get(text);
        if (cached == null) {
            if (CACHE.size() >= LIMIT) {
                CACHE.clear();
            }
            Semver parsed = Semver.parse(text);
            cached = parsed == null ? INVALID : parsed;
            CACHE.put(text, cached);
        }
        return cached == INVALID ? null : cached;
    }
}
