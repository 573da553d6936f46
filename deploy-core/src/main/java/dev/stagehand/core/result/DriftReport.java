package dev.stagehand.core.result;

import java.util.List;

/**
 * What {@code verify} found: the files that differ from what the journal recorded.
 *
 * @param drifts  each difference, in the order found
 * @param checked how many recorded files were compared
 */
public record DriftReport(List<Drift> drifts, int checked) {

    /**
     * Keeps a copy of the differences.
     *
     * @param drifts  each difference, in the order found
     * @param checked how many recorded files were compared
     */
    public DriftReport {
        drifts = List.copyOf(drifts);
    }

    /** What differs. */
    public enum Kind {
        /** Its size, modification time or (deep) content is not what was deployed. */
        CHANGED,
        /** Deployed, and gone. */
        MISSING,
        /** In a folder a deployment created, and deployed by none. */
        ADDED
    }

    /**
     * One difference.
     *
     * @param kind     what differs
     * @param target   the target's name
     * @param path     the file on it
     * @param owner    the package ({@code id@version}) that deployed it or its folder
     */
    public record Drift(Kind kind, String target, String path, String owner) {
    }

    /** {@return whether nothing differs} */
    public boolean clean() {
        return drifts.isEmpty();
    }
}
