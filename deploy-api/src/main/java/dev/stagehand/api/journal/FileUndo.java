package dev.stagehand.api.journal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What the journal keeps of a file a step wrote, so that the file can be checked (drift), put
 * back as it was before the deployment (rollback) or before the package (uninstall). It is the
 * {@link ChangeRecord#detail() detail} of a {@code file} change record, as space-separated
 * {@code name:value} tokens ({@code sha256:<hex> size:12 mtime:1700000000000 before:absent
 * origin:absent}); the hash comes first, so readers of the plain {@code sha256:<hex>} detail
 * still find it.
 *
 * <p>A state ({@link #before}, {@link #origin}) is {@link #ABSENT} (the file was not there),
 * {@link #SAME} (it was there with this very content: nothing to put back), {@link #PRESENT}
 * (it was there with a content not kept: left as it is) or {@code sha256:<hex>}, a content kept
 * in the {@link dev.stagehand.api.spi.UndoStore undo store}.
 *
 * @param sha256   hex SHA-256 of the content written, null when the step never needed it
 * @param size     bytes written
 * @param modified the file's modification time after the write, milliseconds since the epoch
 * @param before   the file's state before this deployment wrote it
 * @param origin   the file's state before the package first wrote it (what an uninstall puts back)
 */
public record FileUndo(String sha256, long size, long modified, String before, String origin) {

    /** The state of a file that was not there: undoing removes it. */
    public static final String ABSENT = "absent";
    /** The state of a file whose content was the one written already: undoing leaves it. */
    public static final String SAME = "same";
    /** The state of a file that was there and whose content was not kept: it cannot be put back. */
    public static final String PRESENT = "present";
    private static final String HASH = "sha256:";

    /**
     * The state of a file whose content was kept.
     *
     * @param sha256 the hex SHA-256 of the content kept
     * @return {@code sha256:<hex>}
     */
    public static String kept(String sha256) {
        return HASH + sha256;
    }

    /**
     * The hash in a state.
     *
     * @param state a {@link #before} or {@link #origin} state
     * @return the hash of a kept content, empty for {@link #ABSENT}, {@link #SAME} and {@link #PRESENT}
     */
    public static Optional<String> keptHash(String state) {
        return state != null && state.startsWith(HASH) ? Optional.of(state.substring(HASH.length())) : Optional.empty();
    }

    /** {@return the hash of the content written, when the step knew it} */
    public Optional<String> knownSha256() {
        return Optional.ofNullable(sha256);
    }

    /** {@return this record as the detail of a change record} */
    public String encode() {
        return (sha256 == null ? "" : HASH + sha256 + " ") + "size:" + size + " mtime:" + modified + " before:" + before
                + " origin:" + origin;
    }

    /**
     * The change record of a file written.
     *
     * @param path the file's path on the target
     * @return a {@code file} record with this undo as its detail
     */
    public ChangeRecord record(String path) {
        return new ChangeRecord("file", path, encode());
    }

    /**
     * The undo record in a {@code file} change record.
     *
     * @param change a change record
     * @return its undo; empty for other kinds and for records written before undo records existed
     */
    public static Optional<FileUndo> of(ChangeRecord change) {
        if (!"file".equals(change.kind()) || change.detail() == null) {
            return Optional.empty();
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String token : change.detail().trim().split(" +")) {
            int colon = token.indexOf(':');
            if (colon > 0) {
                tokens.put(token.substring(0, colon), token.substring(colon + 1));
            }
        }
        if (!tokens.containsKey("before") || !tokens.containsKey("origin") || !tokens.containsKey("size")
                || !tokens.containsKey("mtime")) {
            return Optional.empty();
        }
        try {
            return Optional.of(new FileUndo(tokens.get("sha256"), Long.parseLong(tokens.get("size")),
                    Long.parseLong(tokens.get("mtime")), tokens.get("before"), tokens.get("origin")));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
