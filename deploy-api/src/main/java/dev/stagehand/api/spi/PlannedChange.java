package dev.stagehand.api.spi;

import dev.stagehand.api.Location;
import java.util.Objects;

/**
 * Something a step will create or change, as its handler says at planning time: printed in the
 * preparation notice, and looked up by later steps of the same plan
 * ({@link StepContext#plannedBefore}), so that a step's Validate can accept what an earlier step
 * will create.
 *
 * @param kind   what it is
 * @param name   which one, as a plain identifier that later steps look it up by: a path on the target, a
 *               logical database ({@code Online}), {@code Online/Patch.1}, a configuration path; no description
 * @param action whether the step creates it or changes something that exists
 * @param source the step that declares it (set by the engine)
 */
public record PlannedChange(ChangeKind kind, String name, Action action, Location source) {

    /** Creating something or changing what is there. */
    public enum Action {
        /** It does not exist and the step makes it. */
        CREATE,
        /** It exists and the step changes it. */
        CHANGE,
        /** Creates it when missing, else changes it. */
        CREATE_OR_CHANGE
    }

    /**
     * Refuses a change without kind, name or action; the engine sets the source later.
     *
     * @param kind what it is
     * @param name which one, as a plain identifier that later steps look it up by: a path on the target, a
     *             logical database ({@code Online}), {@code Online/Patch.1}, a configuration path; no
     *             description
     * @param action whether the step creates it or changes something that exists
     * @param source the step that declares it (set by the engine)
     */
    public PlannedChange {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(action, "action");
        source = source == null ? Location.UNKNOWN : source;
    }

    /**
     * @param kind what it is
     * @param name which one, as later steps look it up
     * @return a change that creates it
     */
    public static PlannedChange creates(ChangeKind kind, String name) {
        return new PlannedChange(kind, name, Action.CREATE, null);
    }

    /**
     * @param kind what it is
     * @param name which one, as later steps look it up
     * @return a change to something that exists
     */
    public static PlannedChange changes(ChangeKind kind, String name) {
        return new PlannedChange(kind, name, Action.CHANGE, null);
    }

    /**
     * @param kind what it is
     * @param name which one, as later steps look it up
     * @return a change that creates it when missing, else changes it
     */
    public static PlannedChange createsOrChanges(ChangeKind kind, String name) {
        return new PlannedChange(kind, name, Action.CREATE_OR_CHANGE, null);
    }

    /** {@return whether this change brings the thing into being (CREATE or CREATE_OR_CHANGE)} */
    public boolean mayCreate() {
        return action != Action.CHANGE;
    }

    /**
     * @param where the declaring step
     * @return a copy with its source
     */
    public PlannedChange at(Location where) {
        return new PlannedChange(kind, name, action, where);
    }

    /** {@code folder /srv/app/Web}. */
    @Override
    public String toString() {
        return kind.displayName() + " " + name;
    }
}
