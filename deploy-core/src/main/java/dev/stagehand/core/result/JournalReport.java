package dev.stagehand.core.result;

import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import java.util.List;

/**
 * What a journal says: the packages installed and the deployments that ran.
 *
 * @param installed   the packages installed, one per id
 * @param deployments the deployments, newest first
 */
public record JournalReport(List<InstalledPackage> installed, List<DeploymentRecord> deployments) {

    /**
     * Copies the lists, so that the report stays unchanged.
     *
     * @param installed the packages installed, one per id
     * @param deployments the deployments, newest first
     */
    public JournalReport {
        installed = List.copyOf(installed);
        deployments = List.copyOf(deployments);
    }
}
