package dev.stagehand.api;

import java.util.Locale;
import java.util.Optional;

/**
 * The seven stages every step of every package passes through, in this order and in
 * lockstep: no step starts a stage before every step has finished the previous one.
 */
public enum PipelineStage {
    /** Parse, plan, build the list of targets. Nothing is touched. */
    INITIALIZE("Initialize"),
    /** Detect what is installed; fetch artifacts; produce the preparation notice. */
    ACQUIRE("Acquire"),
    /** Check variables, prerequisites, connections and permissions. Nothing is changed before this passes for all steps. */
    VALIDATE("Validate"),
    /** Create or modify the environments that receive the packages (folders, databases, services). */
    PREPARE("Prepare"),
    /** Deploy the packages in plan order. */
    EXECUTE("Execute"),
    /** Finish: start services, register uninstall information, update journals. */
    COMPLETE("Complete"),
    /** Remove working folders and temporary files. Always runs. */
    CLEANUP("Cleanup");

    private final String displayName;

    PipelineStage(String displayName) {
        this.displayName = displayName;
    }

    /** {@return the name as manifests write it, e.g. in {@code onPrepare}: {@code Prepare}} */
    public String displayName() {
        return displayName;
    }

    /** {@return true for the stages that may change the target: Prepare, Execute and Complete} */
    public boolean changesTarget() {
        return this == PREPARE || this == EXECUTE || this == COMPLETE;
    }

    /**
     * Finds a stage by its display name, ignoring case.
     *
     * @param name the name as manifests write it, e.g. {@code Prepare}
     * @return the stage; empty when no stage has that name
     */
    public static Optional<PipelineStage> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (PipelineStage stage : values()) {
            if (stage.displayName.toLowerCase(Locale.ROOT).equals(wanted)) {
                return Optional.of(stage);
            }
        }
        return Optional.empty();
    }

    @Override
    public String toString() {
        return displayName;
    }
}
