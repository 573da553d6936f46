package dev.stagehand.opcon;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;

/**
 * A row of the Deployment table: a deployment scheduled through OpCon. It holds the saved plan (no secret value
 * is in one) and a reference to the parameters file; secrets are read again when it runs.
 *
 * @param id              the record id, the job's {@code DEPLOYMENT_ID} instance property
 * @param name            a name for people
 * @param kind            a package, or a schedule (a root that aggregates a system)
 * @param packageId       the root package deployed
 * @param version         its version
 * @param target          the targets the plan deploys onto, one per line ({@code local:} when none was given)
 * @param savedPlan       the saved plan, as {@code deploy plan --out} writes it
 * @param parametersFile  the parameters file the plan was made with, or null
 * @param scheduledAt     when it runs, in the zone it was asked in
 * @param status          where it stands
 * @param requestedBy     who scheduled it (the OpCon user, else the local user)
 * @param createdAt       when the record was made
 * @param updatedAt       when it last changed
 * @param serverName      the BatchScheduleServer that schedules it
 * @param scheduleDate    the date of OpCon's daily {@code BATCH_DEPLOY} holding its job (the server's calendar date)
 * @param dailyScheduleId OpCon's id of that daily schedule, once known
 * @param jobName         the job added ({@code DEPLOY_PACKAGE} or {@code DEPLOY_SCHEDULE})
 * @param actionId        OpCon's id of the schedule action that added it, once known
 * @param message         what happened last (OpCon's message on a refusal, the deployment's summary)
 */
public record ScheduledDeployment(long id, String name, DeploymentKind kind, String packageId, String version,
                                  String target, String savedPlan, String parametersFile, ZonedDateTime scheduledAt,
                                  DeploymentStatus status, String requestedBy, Instant createdAt, Instant updatedAt,
                                  String serverName, LocalDate scheduleDate, String dailyScheduleId, String jobName,
                                  String actionId, String message) {

    /** {@code id@version} of the root. */
    public String coordinates() {
        return packageId + "@" + version;
    }
}
