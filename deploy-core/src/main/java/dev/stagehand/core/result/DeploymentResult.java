package dev.stagehand.core.result;

import dev.stagehand.api.Problem;
import dev.stagehand.api.Status;
import dev.stagehand.api.journal.DeploymentOutcome;
import dev.stagehand.core.plan.DeploymentPlan;
import java.time.Instant;
import java.util.List;

/**
 * What a deployment did.
 *
 * @param deploymentId its id
 * @param plan         the plan it ran
 * @param outcome      succeeded, failed, or partial (with {@code --on-error continue})
 * @param packages     every planned package version and what happened to it
 * @param problems     validation problems and warnings (secrets masked)
 * @param started      start
 * @param finished     end
 */
public record DeploymentResult(String deploymentId, DeploymentPlan plan, DeploymentOutcome outcome,
                               List<PackageOutcome> packages, List<Problem> problems, Instant started,
                               Instant finished) {

    /**
     * Copies the lists, so that the result stays unchanged.
     *
     * @param deploymentId its id
     * @param plan the plan it ran
     * @param outcome succeeded, failed, or partial (with {@code --on-error continue})
     * @param packages every planned package version and what happened to it
     * @param problems validation problems and warnings (secrets masked)
     * @param started start
     * @param finished end
     */
    public DeploymentResult {
        packages = List.copyOf(packages);
        problems = List.copyOf(problems);
    }

    /** {@return true when every package it ran succeeded} */
    public boolean succeeded() {
        return outcome == DeploymentOutcome.SUCCEEDED;
    }

    /**
     * @param status one status
     * @return the package versions that ended with it, in plan order
     */
    public List<PackageOutcome> withStatus(Status status) {
        return packages.stream().filter(p -> p.status() == status).toList();
    }

    /** {@return one line: {@code 3 succeeded, 1 failed, 2 skipped, 4 up to date}} */
    public String summary() {
        StringBuilder out = new StringBuilder();
        for (Status status : Status.values()) {
            long count = packages.stream().filter(p -> p.status() == status).count();
            if (count > 0) {
                if (out.length() > 0) {
                    out.append(", ");
                }
                out.append(count).append(' ').append(status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '));
            }
        }
        return out.length() == 0 ? "nothing to do" : out.toString();
    }
}
