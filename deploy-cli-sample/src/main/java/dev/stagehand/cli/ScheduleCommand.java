package dev.stagehand.cli;

import dev.stagehand.api.DeploymentException;
import dev.stagehand.core.Stagehand;
import dev.stagehand.core.targets.GroupDeployment;
import dev.stagehand.opcon.BatchScheduler;
import dev.stagehand.opcon.ScheduledDeployment;
import dev.stagehand.opcon.SchedulingException;
import dev.stagehand.opcon.client.OpConCredentials;
import dev.stagehand.opcon.database.DeploymentDatabase;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code deploy schedule}: plans a deployment now, saves the plan, and has OpCon run it at a later date and time
 * (the seed's Batch Deploy).
 */
@Command(name = "schedule", mixinStandardHelpOptions = true,
        description = "Plans ROOT, saves the plan and has OpCon run it at --at: adds DEPLOY_PACKAGE or DEPLOY_SCHEDULE"
                + " to the daily BATCH_DEPLOY of that date, and records the deployment as Scheduled. With --targets,"
                + " one plan per target, each deployed when it runs.")
final class ScheduleCommand implements Callable<Integer> {

    @Spec
    CommandLine.Model.CommandSpec spec;

    @ParentCommand
    DeployCommand deploy;

    @Option(names = "--server", required = true, paramLabel = "NAME", description = "The BatchScheduleServer to use.")
    String server;

    @Option(names = "--at", required = true, paramLabel = "DATE_TIME",
            description = "When to deploy, ISO-8601 with an offset or a zone: 2026-12-01T02:00+01:00,"
                    + " 2026-12-01T02:00[Europe/Lisbon].")
    String at;

    @CommandLine.Mixin
    DeploymentOptions.Source source;

    @CommandLine.Mixin
    DeploymentOptions deployment;

    @CommandLine.Mixin
    TargetsOptions targets;

    @Option(names = "--build-missing",
            description = "Build the date's BATCH_DEPLOY into OpCon's daily when it is not there (else refuse).")
    boolean buildMissing;

    @CommandLine.Mixin
    OpConOptions.Credentials credentials = new OpConOptions.Credentials();

    @CommandLine.Mixin
    OpConOptions.Config config = new OpConOptions.Config();

    @Option(names = "--json", description = "Print the Deployment record as JSON.")
    boolean json;

    @Override
    public Integer call() throws IOException, InterruptedException {
        CommandLine line = spec.commandLine();
        ZonedDateTime when = parseAt(line, at);
        if (deployment.parameters == null) {
            throw new CommandLine.ParameterException(line, "deploy schedule needs --parameters FILE: the scheduled run"
                    + " reads its values again from it (secrets are never stored)");
        }
        if (!Files.isRegularFile(deployment.parameters)) {
            throw new CommandLine.ParameterException(line, "no such parameters file: " + deployment.parameters);
        }
        if (!deployment.values.isEmpty()) {
            throw new CommandLine.ParameterException(line, "--set values are not kept for the scheduled run: put them"
                    + " in the parameters file, or in DEPLOY_VAR_<NAME> variables on the machine that runs the job");
        }
        OpConCredentials who = credentials.read(line, deploy.variables());
        PrintWriter out = line.getOut();
        try {
            DeploymentDatabase database = config.open(deploy);
            BatchScheduler scheduler = new BatchScheduler(database, deploy.variables(), Clock.systemUTC(),
                    OpConOptions.polling());
            ScheduledDeployment record;
            BatchScheduler.ScheduleRequest request = new BatchScheduler.ScheduleRequest(server, when,
                    source.rootRequest(), deployment.parameters, buildMissing);
            if (targets.given()) {
                if (targets.file == null) {
                    throw new CommandLine.ParameterException(line, "deploy schedule deploys to targets of a targets"
                            + " file (read again when it runs): use --targets FILE --target NAME|GROUP, not --target-uri");
                }
                record = scheduler.schedule(request, new GroupDeployment(targets.selected(line),
                        TargetsCommands.configurations(deploy, deployment, source.existingFolders(line), line, null),
                        targets.maxParallel), targets.file, targets.name, who);
            } else {
                try (Stagehand stagehand = deploy.load(deployment.configuration(deploy.configure(),
                        source.existingFolders(line), deployment.parameters, line))) {
                    record = scheduler.schedule(request, stagehand, who);
                }
            }
            if (json) {
                out.println(JsonOutput.document(OpConOptions.toJson(record)));
            } else {
                out.println("Deployment " + record.id() + " scheduled: " + record.coordinates() + " will be deployed"
                        + (targets.given() ? " to " + ValidateCommand.plural(record.target().lines().count(), "target")
                        + " (" + String.join(", ", record.target().lines().map(l -> l.split(" ")[0]).toList()) + ")"
                        : "") + " at " + record.scheduledAt() + " by OpCon's " + record.jobName() + " job in BATCH_DEPLOY of "
                        + record.scheduleDate() + " on " + record.serverName() + ".");
                out.println("  " + record.message());
                out.println("See it with: deploy deployments; withdraw it with: deploy cancel --id " + record.id());
            }
            out.flush();
            return 0;
        } catch (DeploymentException e) {
            printFailure(out, e);
            return DeployCommand.FAILED;
        }
    }

    /** The seed's "Deployment Scheduling Error": the cause, and what became of the record. */
    private void printFailure(PrintWriter out, DeploymentException e) {
        ScheduledDeployment record = e instanceof SchedulingException s ? s.record().orElse(null) : null;
        if (json) {
            Map<String, Object> failure = new LinkedHashMap<>();
            failure.put("scheduled", false);
            failure.put("error", e.getMessage());
            failure.put("deployment", record == null ? null : OpConOptions.toJson(record));
            out.println(JsonOutput.document(failure));
        } else {
            out.println("Deployment scheduling error: " + e.getMessage());
            out.println(record == null ? "Nothing was scheduled and nothing was recorded."
                    : "Nothing was scheduled; deployment " + record.id() + " is recorded as " + record.status() + ".");
        }
        out.flush();
    }

    /** ISO-8601's local date and time, then an offset, a bracketed region, or both (ISO_DATE_TIME wants the offset). */
    private static final DateTimeFormatter AT = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .optionalStart().appendOffsetId().optionalEnd()
            .optionalStart().appendLiteral('[').parseCaseSensitive().appendZoneRegionId().appendLiteral(']').optionalEnd()
            .toFormatter();

    /**
     * {@code --at}: a date and time with an offset or a zone; one without is refused rather than read in this
     * machine's zone, which need be neither the user's nor OpCon's.
     */
    static ZonedDateTime parseAt(CommandLine line, String text) {
        TemporalAccessor parsed;
        try {
            parsed = AT.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new CommandLine.ParameterException(line, "--at " + text + " is not an ISO-8601 date and time"
                    + " (2026-12-01T02:00+01:00, or 2026-12-01T02:00[Europe/Lisbon])");
        }
        if (parsed.query(TemporalQueries.zone()) == null) {
            throw new CommandLine.ParameterException(line, "--at " + text + " has no offset or zone: say which, as in "
                    + text.trim() + "+01:00 or " + text.trim() + "[Europe/Lisbon]");
        }
        return ZonedDateTime.from(parsed);
    }
}
