package dev.stagehand.core.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

/**
 * Parses Semantic Versions and version ranges once per distinct text. A source of thousands of
 * packages repeats a few hundred version strings and constraints, and parsing is the costly part
 * of comparing them (a range's parse, regular expressions and all, cost a fifth of a plan).
 */
public final class Versions {

    private static final int LIMIT = 100_000;
    private static final Map<String, Semver> CACHE = new ConcurrentHashMap<>();
    /** Stands for "not a version" in the cache, which holds no nulls. */
    private static final Semver INVALID = Semver.of(0, 0, 0);
    private static final Map<String, RangesList> RANGES = new ConcurrentHashMap<>();
    /** Stands for "neither a version nor a range" among the ranges. */
    private static final RangesList NO_RANGE = new RangesList();

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

    /**
     * The range a constraint means ({@code 1.2.*}, {@code >=1.2.0 <2.0.0}, {@code 1.2.0}), or null
     * when {@code spec} is neither a version nor a range. Ranges are immutable once parsed, so one
     * parse serves every manifest and every plan.
     */
    public static RangesList range(String spec) {
        if (spec == null) {
            return null;
        }
        RangesList cached = RANGES.get(spec);
        if (cached == null) {
            if (RANGES.size() >= LIMIT) {
                RANGES.clear();
            }
            try {
                RangesList parsed = RangesListFactory.create(spec);
                cached = parsed.get().isEmpty() ? NO_RANGE : parsed;
            } catch (RuntimeException e) {
                cached = NO_RANGE;
            }
            RANGES.put(spec, cached);
        }
        return cached == NO_RANGE ? null : cached;
    }
}
