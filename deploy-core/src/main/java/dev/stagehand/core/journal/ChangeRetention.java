package dev.stagehand.core.journal;

import dev.stagehand.api.journal.InstalledPackage;
import dev.stagehand.api.journal.StepRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * What every journal keeps of a package's change records once a version of it is installed:
 * the records with changes of that version, and those of the version installed before it (what
 * an uninstall or a rollback of the upgrade needs); older ones go.
 */
final class ChangeRetention {

    private ChangeRetention() {
    }

    /** The step records of the version just installed, among those of the running deployment. */
    static List<StepRecord> ofVersion(List<StepRecord> steps, InstalledPackage installed) {
        return steps.stream().filter(s -> isOf(s, installed)).toList();
    }

    /** Whether a step record belongs to the version just installed. */
    static boolean isOf(StepRecord step, InstalledPackage installed) {
        return step.packageId().equalsIgnoreCase(installed.packageId()) && step.version().equals(installed.version());
    }

    /**
     * @param kept       the change records kept so far
     * @param previous   the version installed before, null for none
     * @param ofVersion  the step records of the version just installed
     */
    static List<StepRecord> kept(List<StepRecord> kept, String previous, InstalledPackage installed,
                                 List<StepRecord> ofVersion) {
        List<StepRecord> result = new ArrayList<>();
        kept.stream().filter(r -> r.version().equals(previous) && !r.version().equals(installed.version()))
                .forEach(result::add);
        ofVersion.stream().filter(s -> !s.changes().isEmpty()).forEach(result::add);
        return result;
    }
}
