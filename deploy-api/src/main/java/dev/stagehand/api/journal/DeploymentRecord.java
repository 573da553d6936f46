package dev.stagehand.api.journal;

import java.time.Instant;

/**
 * One deployment.
 *
 * @param id       the deployment id
 * @param root     the root package ({@code id@version})
 * @param user     who ran it
 * @param started  start
 * @param finished end, null while running
 * @param outcome  the result, {@link DeploymentOutcome#RUNNING} while running
 * @param summary  a one-line summary of the result (secrets masked)
 */
public record DeploymentRecord(String id, String root, String user, Instant started, Instant finished,
                               DeploymentOutcome outcome, String summary) {
}
