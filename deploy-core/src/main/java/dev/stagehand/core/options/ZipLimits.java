package dev.stagehand.core.options;

/**
 * How much a zipped package may hold, checked on the bytes actually inflated while an entry is
 * read, never on the sizes its headers claim: a zip that lies about them is stopped all the same.
 * The defaults are far above any real package; a zip bomb (a few MB expanding to GB) hits the
 * ratio first.
 *
 * @param maxEntries    entries a zip may list
 * @param maxBytes      uncompressed bytes read from one zip in all
 * @param maxEntryBytes uncompressed bytes of one entry
 * @param maxRatio      uncompressed size over compressed size of an entry, checked once the entry
 *                      has given more than {@link #RATIO_GRACE} bytes (small files compress freely)
 */
public record ZipLimits(int maxEntries, long maxBytes, long maxEntryBytes, int maxRatio) {

    /** Bytes an entry may give before its compression ratio is checked. */
    public static final long RATIO_GRACE = 1L << 20;

    /** Far above any real package: 200,000 entries, 8 GiB in all, 4 GiB an entry, a ratio of 200. */
    public static final ZipLimits DEFAULTS = new ZipLimits(200_000, 8L << 30, 4L << 30, 200);

    /**
     * Refuses a limit that is not positive.
     *
     * @param maxEntries entries a zip may list
     * @param maxBytes uncompressed bytes read from one zip in all
     * @param maxEntryBytes uncompressed bytes of one entry
     * @param maxRatio uncompressed size over compressed size of an entry, checked once the entry has given
     *                 more than {@link #RATIO_GRACE} bytes (small files compress freely)
     */
    public ZipLimits {
        if (maxEntries < 1 || maxBytes < 1 || maxEntryBytes < 1 || maxRatio < 1) {
            throw new IllegalArgumentException("zip limits must be positive: entries " + maxEntries + ", bytes "
                    + maxBytes + ", entry bytes " + maxEntryBytes + ", ratio " + maxRatio);
        }
    }

    /**
     * @param value entries a zip may list
     * @return a copy with it
     */
    public ZipLimits withMaxEntries(int value) {
        return new ZipLimits(value, maxBytes, maxEntryBytes, maxRatio);
    }

    /**
     * The total; one entry can hold no more than the whole zip, so the per-entry limit is capped by it.
     *
     * @param value uncompressed bytes read from one zip in all
     * @return a copy with it, its per-entry limit at most this
     */
    public ZipLimits withMaxBytes(long value) {
        return new ZipLimits(maxEntries, value, Math.min(maxEntryBytes, value), maxRatio);
    }

    /**
     * @param value uncompressed bytes of one entry
     * @return a copy with it
     */
    public ZipLimits withMaxEntryBytes(long value) {
        return new ZipLimits(maxEntries, maxBytes, value, maxRatio);
    }

    /**
     * @param value the compression ratio an entry may reach
     * @return a copy with it
     */
    public ZipLimits withMaxRatio(int value) {
        return new ZipLimits(maxEntries, maxBytes, maxEntryBytes, value);
    }
}
