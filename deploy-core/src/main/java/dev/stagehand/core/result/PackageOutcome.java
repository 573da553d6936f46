package dev.stagehand.core.result;

import dev.stagehand.api.Status;
import java.util.List;

/**
 * What happened to one package version.
 *
 * @param id      the package
 * @param version the version
 * @param status  succeeded, failed, skipped, up to date, not run
 * @param reason  why it failed or was skipped (secrets masked), empty otherwise
 * @param steps   its steps
 */
public record PackageOutcome(String id, String version, Status status, String reason, List<StepOutcome> steps) {

    /**
     * Copies the steps, so that the outcome stays unchanged.
     *
     * @param id the package
     * @param version the version
     * @param status succeeded, failed, skipped, up to date, not run
     * @param reason why it failed or was skipped (secrets masked), empty otherwise
     * @param steps its steps
     */
    public PackageOutcome {
        steps = List.copyOf(steps);
    }

    /** {@return the package's coordinates, {@code id@version}} */
    public String coordinates() {
        return id + "@" + version;
    }
}
