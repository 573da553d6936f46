package dev.stagehand.core.result;

import dev.stagehand.api.journal.DeploymentRecord;
import dev.stagehand.api.journal.InstalledPackage;
import java.util.List;

/**
 * What a state folder's journal says.
 *
 * @param installed   the packages installed, one per id
 * @param deployments the deployments, newest first
 */
public record DeploymentStatus(List<InstalledPackage> installed, List<DeploymentRecord> deployments) {

    public DeploymentStatus {
        installed = List.copyOf(installed);
        deployments = List.copyOf(deployments);
    }
}
